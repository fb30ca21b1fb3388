/*
 * The clinic's chat widget. A site embeds it with one tag:
 *
 *   <script src="https://chat.clinic.example/clinic-chat.js"
 *           data-socket-url="https://chat.clinic.example"
 *           data-title="Bayberry Medical Massage" defer></script>
 *
 * data-socket-url is where the Rasa server listens (default: where this file
 * is served from) and must list the site in its ALLOWED_ORIGINS. The widget
 * is rasa-webchat (webchat.js, served next to this file). The conversation
 * is kept in the tab's sessionStorage, never localStorage: on a shared
 * computer in a waiting room it is gone when the tab is closed.
 */
(function () {
  "use strict";
  var tag = document.currentScript;
  var base = new URL(".", tag.src);
  var socketUrl = tag.getAttribute("data-socket-url") || base.origin;
  var title = tag.getAttribute("data-title") || "Clinic assistant";

  function start() {
    window.WebChat.default(
      {
        socketUrl: socketUrl,
        socketPath: "/socket.io/",
        initPayload: "/greet",
        title: title,
        subtitle: "Automated assistant",
        inputTextFieldHint: "Type your question…",
        showFullScreenButton: false,
        params: { storage: "session" },
        withRules: false
      },
      null
    );
  }

  var bundle = document.createElement("script");
  bundle.src = new URL("webchat.js", base).href;
  bundle.onload = start;
  document.head.appendChild(bundle);
})();
