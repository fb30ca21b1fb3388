import pytest

from clinic.safety import (
    EmergencyKind,
    SafetyRulesError,
    caution_reply,
    detect,
    detect_cautions,
    load_rules,
    parse_rules,
)

RULES = load_rules()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I have crushing chest pain", "chest_pain"),
        ("there's pressure on my chest and it goes down my left arm", "chest_pain"),
        ("i think im having a stroke", "stroke"),
        ("my moms face is drooping on one side", "stroke"),
        ("worst headache of my life out of nowhere", "sudden_headache"),
        ("i cant breath", "breathing"),
        ("she just passed out", "fainting"),
        ("the cut wont stop bleeding", "bleeding"),
        ("i want to kill myself", "self_harm"),
        ("hot grease splashed over my whole face and the skin looks white", "severe_burn"),
        ("my toddler swallowed a button battery", "poisoning"),
        ("she fell off the swing and hit her head, now vomiting and so drowsy", "head_injury"),
        ("parked in the garage with the engine running and the door down", "self_harm"),
        ("my sciatica flared and now the saddle area feels numb", "cauda_equina"),
        ("lower back pain for days and i cant urinate since this morning", "cauda_equina"),
        ("type 1 diabetic, my glucose is 41 and i feel confused", "low_blood_sugar"),
        ("his wrist is bent at a weird angle after the fall", "serious_fracture"),
        ("you can see the bone sticking through his shin", "serious_fracture"),
        ("my 6 week old has a fever and is not feeding", "child_fever_meningitis"),
        ("spots that dont fade when i press a glass on them", "child_fever_meningitis"),
        ("stopped on the bridge near the lake, sorry for everything", "self_harm"),
        ("hoarding my percocets for the right moment", "self_harm"),
        ("lying in the bath with a blade next to me", "self_harm"),
        ("my 3 week old's temp is 100.9 and he is hard to wake", "child_fever_meningitis"),
        ("kidney infection for days, now shivering, confused and her skin is mottled", "sepsis"),
        ("two days after the delivery i'm soaking a pad every hour", "bleeding"),
        ("the glucometer shows 35 and i'm shaky", "low_blood_sugar"),
        ("he has type 1, vomiting since noon and breathing deep and fast", "diabetic_ketoacidosis"),
        ("got tackled at practice and now he can't move his legs", "spinal_injury"),
        ("i wont be around that long so skip the package", "self_harm"),
        ("i've decided to end it, just want one calm hour first", "self_harm"),
        ("counting down until i end it", "self_harm"),
        ("got hit to the head with a bat and now i keep forgetting things", "head_injury"),
        ("my brother fell down, shaking all over, not responding", "fainting"),
        ("i'm on the roof of my building and i'm going to jump", "self_harm"),
        ("his hand suddenly turned cold and white and it hurts so much", "limb_ischaemia"),
        ("my waters broke and the cord is coming out", "labour_emergency"),
        ("he went down on the court and we can't find a pulse", "fainting"),
        ("the date is picked and i'm at peace with it", "self_harm"),
        ("she was googling how many sleeping pills it takes", "self_harm"),
        ("mi esposo se quemo con aceite hirviendo y tiene ampollas en todo el brazo", "es_medical"),
        ("mi bebe de 4 semanas tiene fiebre de 38.5", "es_medical"),
        ("mi papa esta temblando todo y con espuma en la boca", "es_collapse"),
        ("estoy en la azotea y voy a saltar", "es_crisis"),
        ("mio padre ha un ictus adesso, la faccia è storta", "es_heart_stroke"),  # now, Italian
        ("ya regale todas mis cosas, no me van a hacer falta donde voy", "es_crisis"),
        ("since my wife died I just want to go be with her, tonight", "self_harm"),
        ("checking out for good after this weekend", "self_harm"),
        ("by the time you read this I'll be gone", "self_harm"),
        ("gave my records away to my cousin, I won't need them", "self_harm"),
        ("my uncle slipped in the yard, lots of blood, he not answer me", "head_injury"),
        ("dad fell in the garden, one leg seems shorter now", "serious_fracture"),
        ("grandpa fell hours ago and still cannot get up off the floor", "serious_fracture"),
        ("my son swallowed some oven cleaner from under the sink", "poisoning"),
        ("finished my run in the heat and now i'm dizzy and confused", "heat_stroke"),
        ("his temperature is 104.5 after football practice", "heat_stroke"),
        ("the driver is slumped over the wheel, not moving", "fainting"),
        ("my coworker is pinned under a fallen shelf", "serious_fracture"),
        ("cracked my head on the curb and threw up twice", "head_injury"),
        ("cancel my sessions, my affairs are in order and i won't be around", "self_harm"),
    ],
)
def test_detects_each_category(text: str, category: str) -> None:
    found = detect(text, RULES)
    assert found is not None and found.category == category


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain, just a stiff neck",  # negated in the same clause
        "i dont have trouble breathing, my shoulder is just tight",
        "my trigger points are killing me",  # idiom
        "the price gave me a heart attack lol",  # category exception
        "my dad had a stroke last year and is relearning to walk",  # past, not now
        "my chest muscles are tight after bench press",  # exercise, not cardiac
        "a neighbour had a heart attack on the news tonight, so sad",  # told from the news
        "we lost my cousin to suicide two years ago",  # bereavement
        "overdosed on caffeine before the exam lol",  # a joke
        "our puppy wasnt breathing for a second after the bath, vet says hes fine",  # a pet
        "food poisoning from a taco truck yesterday",  # an illness, not a poison
        "today is the day i finally try a sports massage",  # no means, no farewell
        "my blood sugar has been 45 points lower since i changed my diet",  # not a reading
        "a movie where the hero has a heart attack in the ring, is that realistic?",  # a story
        "my dad swears he has a heart attack every time the Mets bat",  # a figure of speech
        "my ribs ache from laughing at my brother's toast, any stretches?",
        "my chest hurts from laughing at the comedy show",
        "the intake form asks if i ever fainted, i did once as a teen",  # the form's question
        "this puppy will be the death of me",  # a saying
        "the news said heart attacks go up in the snow season",  # told of from a distance
        "my dad tells stories about people choking in the diner he ran",
        "their band is called Cardiac Arrest and they're loud",
        "i teach overdose prevention with narcan at the library",  # a training
        "could you overdose on massages if you come daily?",  # a joke
        "my grandmother passed from a pulmonary embolism in the 90s",  # bereavement, history
        "i won't be around that long, i'm only in town for the week",  # a visit
        "i'm not waking up early for a massage on my day off",  # an alarm clock
        "tried to kill myself when i was 16, i'm 40 now and doing well",  # history
        "the playoffs are putting me in cardiac arrest",  # a saying
        "blood everywhere in that vampire film, so gross",  # a screen
        "coach made us do suicide drills, my calves are toast",  # an exercise's name
        "can your therapists tell if someone is having a stroke?",  # staff, anyone
        "I work in cardiology, I hear chest pain 50 times a day, my neck is the problem",
        "my doctor put me on xarelto after a clot in my lung, is massage ok?",  # history
        "our first aid course covered choking and seizures",  # a training
        "my leg is numb from sitting on the floor at the concert",  # sitting
        "mi jefe me va a matar si llego tarde",  # a saying, in Spanish
        "casi me da un infarto cuando vi el precio",
        "me muero de la verguenza, olvide mi cita",
        "cuales son las señales de un derrame cerebral?",  # a question in general
        "mio padre ha avuto un ictus l'anno scorso, può fare un massaggio?",  # past, Italian
        "minha mãe teve um infarto há dois anos",  # past, Portuguese
        "how do you know when chest pain is serious? asking for a handout",  # a question in general
        "what's the difference between a stroke and a TIA, my students asked",
        "I heard that choking is common in toddlers, do you see kids?",  # something heard
        "my head is exploding with all this homework, need a massage",  # a figure of speech
        "I passed out laughing at the comedy show",
        "forgot how to breathe when my crush texted me lol",
        "exams have me ready to die, any student rates?",
        "self-harmed as a teen, I'm 30 now and doing really well",  # history, said as history
        "suicidal for a while a couple of years back, in a good place since",  # history
        "symptoms checklist: chest pain - none, fainting: no",  # an intake form answered no
        "cramming for the nclex, heart attack signs are my weak spot",  # studying
        "our cpr class covers choking next week",  # a course
        "paramedic here, I see strokes all shift long, my shoulders are done",  # at work
        "this printer makes me want to kms lol",  # a chore, laughed at
        "fever of 103 since yesterday, should i cancel?",  # a fever: the caution, not 911
        "blacked out briefly in the wreck back in march, cleared by neuro since",  # history
        "my cousin had a seizure at school once, he's grown now",  # history
        "paramedic, four overdose calls last night, my back is wrecked",  # at work
        "as a lifeguard I've seen people go under more times than I can count",  # at work
        "had a client faint at the gym today, she was fine after some juice",  # at work, over
        "I'll pass out from excitement if you have a Saturday slot",  # a saying
        "I field overdose questions on the pharmacy phone all day",  # at work
        "what is deep tissue massage",
        "",
    ],
)
def test_ignores_look_alikes(text: str) -> None:
    assert detect(text, RULES) is None


def test_negation_does_not_reach_across_a_clause() -> None:
    assert detect("no fever, but i have chest pain", RULES) is not None


def test_doubt_is_not_denial() -> None:
    assert detect("not sure but i think im having a heart attack", RULES) is not None


def test_emergency_mixed_into_a_question_is_found() -> None:
    found = detect("how much is a session? also my face went numb suddenly", RULES)
    assert found is not None and found.kind is EmergencyKind.MEDICAL


def test_crisis_outranks_medical() -> None:
    found = detect("i cant breathe and i want to end my life", RULES)
    assert found is not None and found.kind is EmergencyKind.CRISIS


def test_unquoted_no_in_cues_is_rejected() -> None:
    raw = {
        "negation": {"cues": [False], "window": 5, "pseudo": [], "clause_breaks": ","},
        "past": "x",
        "categories": {},
    }
    with pytest.raises(SafetyRulesError, match="quoted"):
        parse_rules(raw)


def test_invalid_regex_names_the_category() -> None:
    raw = {
        "negation": {"cues": ["no"], "window": 5, "pseudo": [], "clause_breaks": ","},
        "past": "x",
        "categories": {"chest": {"kind": "medical", "patterns": ["(unclosed"]}},
    }
    with pytest.raises(SafetyRulesError, match="chest"):
        parse_rules(raw)


CAUTIONS = [
    ("im 20 weeks pregnant, is massage ok?", ["pregnancy"]),
    ("i take eliquis for my heart", ["blood_thinners"]),
    ("had a dvt in my left leg last year", ["blood_clot"]),
    ("running a fever since yesterday, should i still come", ["fever_infection"]),
    ("had knee surgery 3 weeks ago", ["recent_surgery"]),
    ("my doctor says i have osteoporosis", ["fracture_osteoporosis"]),
    ("finishing chemo next month", ["cancer"]),
    ("i have a bad sunburn on my back", ["skin_wounds_burns"]),
    ("got a concussion at hockey last week", ["concussion"]),
    ("at 36 weeks, is lying on my side ok?", ["pregnancy"]),
    ("my back has hurt for 30 weeks of physio", []),  # weeks of something, not a pregnancy
    ("pregnant and on blood thinners", ["pregnancy", "blood_thinners"]),
    ("i am not pregnant, just stressed", []),  # negated
    ("no fever, only a stiff neck", []),
    ("my muscles burn after workouts", []),  # not a burn
    ("what is deep tissue massage", []),
    ("stopped taking my blood pressure pills a week ago", ["heart_blood_pressure"]),
    ("my lupus has damaged my kidneys", ["veins_kidneys"]),
    ("had two teeth pulled on monday", ["recent_surgery"]),
    ("on antibiotics for a sinus thing", ["fever_infection"]),
    ("had a cortisone injection in my knee on monday", ["recent_injection"]),
    ("my gout is flaring in my big toe", ["other_conditions"]),
    ("hepatitis c, is deep tissue ok", ["veins_kidneys"]),
    ("what are your hours of operation", []),  # the clinic's hours, not surgery
    ("had an operation on my wrist last week", ["recent_surgery"]),
    ("I have epilepsy, is massage ok?", ["other_conditions"]),
    ("on steroids for years and my skin tears easily", ["other_conditions"]),
    ("my doctor is watching a small aneurysm", ["heart_blood_pressure"]),
    ("rolled my ankle, massive bruise and swelling", ["recent_injury"]),
    ("rolled my ankle yesterday, its huge and purple", ["recent_injury"]),
    ("I have high pressure of blood, is massage ok?", ["heart_blood_pressure"]),
    ("my lupus is in a bad flare this week", ["other_conditions"]),
    ("work has me wound up, can a massage help", []),  # wound up, not a wound
    ("my hip replacement was five years ago, the scar still pulls", []),  # not recent
    ("shoulder surgery 2 years ago and another one last week", ["recent_surgery"]),
    ("felt a hard lump under my arm, can you massage there?", ["new_lump"]),
    ("six weeks post rotator cuff repair", ["recent_surgery"]),
    ("my cardiologist did an ablation on friday", ["heart_blood_pressure"]),
    ("since the crash my left hand tingles", ["recent_injury"]),
    ("my kid brought home a lumpy clay mug", []),  # no lump to look at
    ("hard lumps in my shoulder muscles that hurt when pressed", []),  # muscle knots
    ("since the long drive home my left calf is puffy and tender", ["blood_clot"]),
    ("had two DVTs before, is a leg massage ok?", ["blood_clot"]),
    ("just got my knee replaced, can you help the stiffness?", ["recent_surgery"]),
    ("my bp has been in the 180s all week", ["heart_blood_pressure"]),
    ("three weeks postpartum, my back aches from nursing", ["pregnancy"]),
    ("on methotrexate for psoriasis, is massage ok?", ["other_conditions"]),
]


@pytest.mark.parametrize(("text", "expected"), CAUTIONS)
def test_detects_cautions(text: str, expected: list[str]) -> None:
    assert [f.caution.category.name for f in detect_cautions(text, RULES)] == expected


def test_caution_span_points_into_the_text_as_typed() -> None:
    text = "I\u2019m  24 weeks  PREGNANT, can\u2019t sleep"
    (found,) = detect_cautions(text, RULES)
    assert text[found.start : found.end] == "PREGNANT"


@pytest.mark.parametrize("name", [c.category.name for c in RULES.cautions])
def test_every_caution_sends_to_the_physician_and_intake(name: str) -> None:
    text, _ = caution_reply([name], RULES)
    assert (
        "doctor" in text or "obstetrician" in text or "oncology team" in text or "surgeon" in text
    )
    assert "health history" in text


@pytest.mark.parametrize(
    ("names", "booking"),
    [
        (["pregnancy"], True),
        (["fever_infection"], False),  # not with a fever
        (["blood_clot"], False),  # not with a suspected clot
        (["pregnancy", "blood_clot"], False),  # the strictest caution wins
        ([], True),
    ],
)
def test_booking_only_where_safe(names: list[str], booking: bool) -> None:
    assert caution_reply(names, RULES)[1] is booking


def test_unknown_caution_gets_the_general_advice() -> None:
    assert caution_reply(["no_such"], RULES)[0] == RULES.caution_default


def split_at_and(text: str) -> list[list[tuple[int, int]]]:
    """A stand-in for the parse: one clause per side of " and ", tokens by spaces."""
    clauses, start = [], 0
    for part in [*text.split(" and "), None]:
        if part is None:
            break
        words, offset = [], start
        for word in part.split():
            offset = text.index(word, offset)
            words.append((offset, offset + len(word)))
            offset += len(word)
        clauses.append(words)
        start += len(part) + len(" and ")
    return clauses


def test_a_sign_told_of_from_a_distance_still_counts_as_a_caution() -> None:
    # the news frame cancels an emergency sign, never a caution
    assert detect("the news said pulmonary embolism follows long flights", RULES) is None
    found = detect_cautions("the news said pulmonary embolism follows long flights", RULES)
    assert [f.caution.category.name for f in found] == ["blood_clot"]


def test_the_past_is_judged_in_the_clause_of_the_sign() -> None:
    text = "I had a stroke years ago and my face is drooping on the left"
    assert detect(text, RULES) is None  # without a parse the sentence is history
    found = detect(text, RULES, split_at_and)
    assert found is not None and found.category == "stroke"
    assert (
        detect("my dad had a stroke last year and is relearning to walk", RULES, split_at_and)
        is None
    )


def test_negation_in_the_clause_reads_the_words_as_typed() -> None:
    # spaCy splits "don't" into "do" and "n't"; glued back, the cue is one word
    text = "I don't have chest pain"
    tokens = [(0, 1), (2, 4), (4, 7), (8, 12), (13, 18), (19, 23)]
    assert [text[a:b] for a, b in tokens] == ["I", "do", "n't", "have", "chest", "pain"]
    assert detect(text, RULES, lambda _: [tokens]) is None
    assert detect("I have chest pain", RULES, lambda _: [[(0, 1), (2, 6), (7, 12), (13, 17)]])


@pytest.mark.parametrize(
    ("text", "caution"),
    [
        ("had a stroke five years ago, can I get a massage?", "stroke_history"),
        ("mini stroke last year, doctor says I'm fine", "stroke_history"),
        ("type 2 diabetic, is massage ok?", "diabetes_neuropathy"),
        ("my bones are thin from steroids", "fracture_osteoporosis"),
    ],
)
def test_history_and_chronic_conditions_are_cautions(text: str, caution: str) -> None:
    assert detect(text, RULES) is None
    assert caution in [f.caution.category.name for f in detect_cautions(text, RULES)]


def test_the_parse_is_skipped_when_nothing_in_the_message_could_use_it() -> None:
    def fails(text: str) -> list[list[tuple[int, int]]]:
        raise AssertionError("parsed")

    assert detect("crushing chest pain and my left arm is numb", RULES, fails) is not None
    with pytest.raises(AssertionError, match="parsed"):
        detect("no fever, but crushing chest pain", RULES, fails)
