"""The deployment recipes agree with each other and with what the tests start.

There is no Docker engine or Kubernetes here, so the files are checked as
data (structure, names, ports, health checks, no secret in them), and the
Compose file also by Compose's own parser: Debian's docker-compose, whose
`config` needs no engine (.ci/run installs it).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
RASA_SERVICES = ["rasa-1", "rasa-2"]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
HELM = yaml.safe_load((ROOT / "deploy" / "helm" / "rasa-values.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
README = (ROOT / "README.md").read_text()


def test_compose_has_the_components_each_with_a_health_check() -> None:
    assert set(SERVICES) == {*RASA_SERVICES, "actions", "web", "nginx", "postgres", "redis"}
    assert {name for name, service in SERVICES.items() if "healthcheck" not in service} == set()


def test_built_services_use_dockerfile_targets_that_exist() -> None:
    targets = set(re.findall(r"^FROM \S+ AS (\S+)$", DOCKERFILE, re.M))
    built = {s["build"]["target"] for s in SERVICES.values() if "build" in s}
    assert built == {"rasa", "actions", "web"} and built <= targets


def test_rasa_instances_share_postgresql_and_redis() -> None:
    for name in RASA_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["DB_DIALECT"] == "postgresql" and env["DB_HOST"] == "postgres"
        assert env["REDIS_HOST"] == "redis"
        assert "--enable-api" not in SERVICES[name]["command"]


def test_no_secret_is_written_in_the_recipes() -> None:
    for service in SERVICES.values():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|TOKEN|SECRET|SID", key):
                assert str(value).startswith("${"), key
    for entry in HELM["extraEnv"]:
        if "PASSWORD" in entry["name"]:
            assert "secretKeyRef" in entry["valueFrom"]


def test_compose_endpoints_differ_from_endpoints_yml_only_in_the_action_server() -> None:
    local = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    compose = yaml.safe_load((ROOT / "deploy" / "endpoints.compose.yml").read_text())
    assert compose["action_endpoint"] == {"url": "http://actions:5055/webhook"}
    assert local["action_endpoint"]["url"].endswith(":5055/webhook")
    assert {k: v for k, v in compose.items() if k != "action_endpoint"} == {
        k: v for k, v in local.items() if k != "action_endpoint"
    }
    assert "COPY deploy/endpoints.compose.yml" in DOCKERFILE


def test_nginx_balances_both_instances_with_sticky_sessions_and_websockets() -> None:
    for name, balancing in (
        ("rasa_sticky", "hash $remote_addr consistent;"),
        ("rasa", "least_conn;"),
    ):
        upstream = re.search(rf"upstream {name} \{{(.*?)\}}", NGINX, re.S)
        assert upstream is not None
        assert balancing in upstream.group(1)
        assert sorted(re.findall(r"server (\S+):5005", upstream.group(1))) == RASA_SERVICES
    # the widget's Socket.IO stays on one instance; webhooks take any
    socket_io = NGINX[NGINX.index("location /socket.io/ {") :].split("}", 1)[0]
    assert "proxy_pass http://rasa_sticky;" in socket_io
    assert "proxy_set_header Upgrade $http_upgrade;" in socket_io
    assert "server web:8000;" in NGINX
    assert SERVICES["nginx"]["ports"] == ["8080:8080"] and "listen 8080;" in NGINX


def test_nginx_accepts_its_configuration(tmp_path: Path) -> None:
    # nginx's own parser (Debian's nginx, which `make run` uses), with the
    # Compose service names pointed at loopback: they resolve only in Compose.
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (.ci/run installs it)")
    site = NGINX
    for service in [*RASA_SERVICES, "web"]:
        site = site.replace(f"server {service}:", "server 127.0.0.1:")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; events {{}} http {{ include {tmp_path}/site.conf; }}"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
         "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_nginx_never_routes_the_rest_channel() -> None:
    rest = NGINX.index("location /webhooks/rest/ {")
    assert NGINX[rest:].split("}", 1)[0].split("{", 1)[1].strip() == "return 404;"
    assert rest < NGINX.index("location /webhooks/ {")  # the more specific prefix, listed first


def test_helm_values_run_the_same_command_with_the_api_off() -> None:
    assert HELM["replicaCount"] >= 2
    assert HELM["applicationSettings"]["enableAPI"] is False
    compose_command = SERVICES["rasa-1"]["command"]
    assert [*HELM["command"], *HELM["args"]] == compose_command
    names = {entry["name"] for entry in HELM["extraEnv"]}
    assert {"DB_DIALECT", "DB_PASSWORD", "REDIS_HOST", "ALLOWED_ORIGINS"} <= names


def test_readme_documents_every_setting_the_recipes_use() -> None:
    names = set()
    for service in SERVICES.values():
        names |= set(service.get("environment") or {})
    names |= {entry["name"] for entry in HELM["extraEnv"]}
    names -= {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}  # the postgres image's own
    assert {name for name in names if name not in README} == set()


COMPOSE_CLI = shutil.which("docker-compose")
needs_compose = pytest.mark.skipif(
    COMPOSE_CLI is None, reason="docker-compose not installed (.ci/run installs it from Debian)"
)


def compose_config(**env: str) -> subprocess.CompletedProcess[str]:
    assert COMPOSE_CLI is not None
    clean = {
        k: v for k, v in os.environ.items() if k not in {"POSTGRES_PASSWORD", "REDIS_PASSWORD"}
    }
    return subprocess.run(
        [COMPOSE_CLI, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@needs_compose
def test_compose_file_is_valid_for_compose_itself() -> None:
    result = compose_config(POSTGRES_PASSWORD="pw", REDIS_PASSWORD="pw")
    assert result.returncode == 0, result.stderr


@needs_compose
def test_compose_refuses_to_start_without_the_passwords() -> None:
    result = compose_config(REDIS_PASSWORD="pw")
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr
