"""Generated news-like articles for the load and polling benchmarks: plain English we wrote
ourselves, about invented towns and people, varied so that a run holds many distinct stories
(each reported by a few outlets in different words), never one story repeated.

``article(event, take)`` is deterministic: the same numbers give the same text. ``event`` picks
the story (its kind, town, people and figures); ``take`` picks the outlet's wording, so several
takes of one event are one story told differently and different events are different stories.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TOWNS = [
    "Aldermoor", "Brackenford", "Cindervale", "Dunhollow", "Eastwick", "Ferncombe",
    "Galloway Bay", "Harrowgate", "Ivybridge Junction", "Kestrel Point", "Larkspur",
    "Millbrook", "Northam Quay", "Oakhurst", "Pemberton", "Quillon", "Ravensmere", "Saltmarsh",
    "Thornbury", "Upperton", "Vellacott", "Whitcombe", "Yarrowdale",
]  # fmt: skip
FIRST = (
    "Amara Bello Corin Dagny Elspeth Farid Greta Hollis Ines Jovan Kerensa Leopold Mireille "
    "Nikhil Orla Piet Rosalind Soren Tamsin Umberto Valka Wendell Ximena Yusuf Zelda"
).split()
LAST = (
    "Ashcroft Brennagh Calloway Draycott Esterhuizen Fairweather Gorecki Haldane Ibarra "
    "Jessop Kowalczyk Lindqvist Marchetti Nwachukwu Okonkwo Pargeter Quennell Rutherford "
    "Szabo Trevelyan Underhill Vasquez Whitlock Yardley Zielinski"
).split()
OUTLETS = (
    "The Valley Courier", "Northern Ledger", "Coastline Daily", "The Market Herald",
    "Riverside Gazette", "County Bulletin", "The Evening Signal", "Harbour Review",
    "Moorland Times", "The Civic Post", "Plainsview Record", "Upland Echo",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Event:
    kind: str
    town: str
    official: str
    critic: str
    number: int
    amount: int
    day: str
    month_day: int


def event(index: int) -> Event:
    rng = random.Random(f"event-{index}")
    return Event(
        kind=KINDS[index % len(KINDS)],
        town=TOWNS[(index * 7 + index // len(KINDS)) % len(TOWNS)],
        official=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        critic=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        number=rng.randint(12, 480),
        amount=rng.randint(2, 95),
        day=rng.choice(DAYS),
        month_day=rng.randint(1, 28),
    )


# Each kind: a headline, a lead, and paragraphs; every slot has several wordings so that two
# outlets' takes on one event share facts, not sentences.
KINDS_TEXT: dict[str, dict[str, list[str]]] = {
    "bridge": {
        "title": [
            "{town} bridge closed for repairs after inspection finds cracks",
            "Cracks shut the old river bridge in {town}",
            "{town} council closes bridge; repairs to cost {amount} million",
        ],
        "lead": [
            "The main river bridge in {town} was closed to traffic on {day} after engineers found "
            "cracks in two of its supports, the town council said.",
            "Engineers inspecting the river crossing at {town} found cracks in its supports, and "
            "the council shut the bridge to all vehicles on {day}.",
        ],
        "body": [
            "Council leader {official} said repairs would cost about {amount} million and could "
            'take most of the year. "Nobody will drive over that bridge until we are sure it is '
            'safe," {official} told reporters.',
            "About {number} lorries a day used the crossing, according to council figures, and "
            "they are now sent on a detour of several miles through the hills.",
            "Shop owners near the bridge said trade had already fallen. {critic}, who runs a "
            "bakery by the river, said the council had known about the problem for years.",
            "The inspection was ordered after a routine survey last spring noted rust on the "
            "steel frame. A temporary footbridge is planned for pedestrians within weeks.",
        ],
    },
    "school": {
        "title": [
            "{town} schools face {amount} million budget gap",
            "Budget shortfall threatens teaching posts in {town}",
            "Parents protest as {town} weighs school cuts",
        ],
        "lead": [
            "Schools in {town} must find savings of {amount} million next year, the education "
            "board announced on {day}, and up to {number} posts could go.",
            "The {town} education board said on {day} that its schools face a shortfall of "
            "{amount} million, putting as many as {number} jobs at risk.",
        ],
        "body": [
            'Board chair {official} blamed rising heating and transport costs. "We have cut '
            'everything that is not a classroom," {official} said.',
            "Parents gathered outside the board's offices with hand-painted signs. {critic}, a "
            "mother of three, said larger classes would hurt the youngest pupils most.",
            "The teachers' association said it would ballot members if any redundancies were "
            "announced before the summer term.",
            "A final budget is due to be voted on by the board on the {month_day}th of next "
            "month after a round of public meetings.",
        ],
    },
    "flood": {
        "title": [
            "Flooding forces hundreds from homes in {town}",
            "River bursts its banks in {town} after days of rain",
            "{town} residents evacuated as flood waters rise",
        ],
        "lead": [
            "About {number} households in {town} were told to leave their homes on {day} after "
            "the river rose above its banks following four days of heavy rain.",
            "Emergency crews moved residents of {number} homes in low-lying parts of {town} on "
            "{day} as flood water spread through the streets.",
        ],
        "body": [
            "Fire service spokesperson {official} said boats had been used to reach elderly "
            'residents. "The water came up faster than anyone expected," {official} said.',
            "A sports hall has been opened as a shelter and volunteers handed out blankets and "
            "hot meals through the night.",
            "{critic}, a farmer on the edge of town, said the flood defences promised after the "
            "last flood had never been built.",
            "Forecasters expect the rain to ease by the weekend, but warned that river levels "
            "would stay high for several days.",
        ],
    },
    "factory": {
        "title": [
            "Workers strike at {town} packaging plant over pay",
            "{town} factory walkout enters second day",
            "Pay dispute halts production at {town} plant",
        ],
        "lead": [
            "Around {number} workers at a packaging plant in {town} walked out on {day} after "
            "talks over a pay rise broke down, their union said.",
            "Production stopped at the {town} packaging factory on {day} when {number} staff "
            "went on strike in a dispute over wages.",
        ],
        "body": [
            "Union organiser {critic} said members had been offered a rise of {amount} percent "
            "spread over three years, which did not cover the cost of living.",
            "The company's operations director, {official}, said the offer was fair and that "
            "the plant had lost two large contracts this year.",
            "Pickets stood at the factory gates from dawn, and passing drivers sounded their "
            "horns in support.",
            "No new talks have been scheduled. The plant supplies cartons to food producers "
            "across the region.",
        ],
    },
    "festival": {
        "title": [
            "{town} harvest festival draws record crowds",
            "Record attendance at {town} festival, organisers say",
            "Music and markets bring thousands to {town}",
        ],
        "lead": [
            "The annual harvest festival in {town} drew more visitors than ever this year, "
            "organisers said on {day}, with {number} stalls lining the high street.",
            "Organisers of the {town} harvest festival said on {day} that attendance had broken "
            "the record, helped by dry weather and {number} market stalls.",
        ],
        "body": [
            "Festival director {official} said ticket sales had raised {amount} thousand for "
            'local charities. "It felt like the whole valley turned up," {official} said.',
            "Residents near the main square complained about parking, and {critic}, who lives "
            "on the high street, asked the council to close the road next year.",
            "A brass band, a cheese-rolling race and a dog show were among the most popular "
            "events of the weekend.",
            "The council said it would review traffic plans before the next festival.",
        ],
    },
    "hospital": {
        "title": [
            "{town} hospital to open new emergency wing",
            "New emergency department approved for {town}",
            "{town} wins funding for hospital expansion",
        ],
        "lead": [
            "The hospital in {town} will build a new emergency wing with {number} beds after "
            "the regional health authority approved funding on {day}.",
            "Health officials on {day} approved a {amount} million expansion of the {town} "
            "hospital, adding {number} emergency beds.",
        ],
        "body": [
            "Hospital chief executive {official} said waiting times in the old department had "
            'become "impossible to defend" during the winter.',
            "Building work is due to start in the spring and take about two years. The current "
            "department will stay open throughout.",
            "{critic}, who chairs a patients' group, welcomed the news but said the hospital "
            "would also need more nurses to staff the new beds.",
            "The authority said the project would cost about {amount} million, most of it from "
            "a national fund for hospital buildings.",
        ],
    },
    "election": {
        "title": [
            "{official} elected mayor of {town}",
            "{town} picks new mayor in close vote",
            "Narrow win for {official} in {town} mayoral race",
        ],
        "lead": [
            "{official} was elected mayor of {town} on {day}, winning by {number} votes after a "
            "recount, the returning officer announced.",
            "Voters in {town} chose {official} as their mayor on {day}; the margin over the "
            "runner-up, {critic}, was just {number} votes.",
        ],
        "body": [
            "Turnout was {amount} percent, higher than at the last election, officials said.",
            "{critic} conceded defeat but said the campaign had shown that many residents wanted "
            "change at the town hall.",
            "In a short speech, {official} promised to repair roads and reopen the public "
            "library, which closed last year.",
            "The new mayor takes office at the start of next month.",
        ],
    },
    "rail": {
        "title": [
            "{town} rail line to reopen after fifty years",
            "Passenger trains to return to {town}",
            "Old railway to {town} will carry passengers again",
        ],
        "lead": [
            "Passenger trains will run to {town} again from next year after the transport "
            "ministry approved the reopening of the branch line on {day}.",
            "The branch line to {town}, closed to passengers half a century ago, will reopen, "
            "the transport ministry confirmed on {day}.",
        ],
        "body": [
            "Transport official {official} said the project would cost {amount} million and "
            "include a new station with parking for {number} cars.",
            "Campaigners had fought for the reopening for more than twenty years. {critic}, who "
            'led the campaign, said it was "a day the whole town has waited for".',
            "Trains are expected to run every hour to the city, taking about forty minutes.",
            "Some residents near the line raised concerns about noise from early services.",
        ],
    },
}
KINDS = tuple(KINDS_TEXT)


def _pick(rng: random.Random, options: list[str], event_: Event) -> str:
    return rng.choice(options).format(
        town=event_.town,
        official=event_.official,
        critic=event_.critic,
        number=event_.number,
        amount=event_.amount,
        day=event_.day,
        month_day=event_.month_day,
    )


def article(event_index: int, take: int) -> tuple[str, str, str]:
    """``(title, outlet, text)`` of one outlet's report (``take``) on event ``event_index``."""
    happening = event(event_index)
    text = KINDS_TEXT[happening.kind]
    rng = random.Random(f"take-{event_index}-{take}")
    title = _pick(rng, text["title"], happening)
    lead = _pick(rng, text["lead"], happening)
    body = text["body"][:]
    rng.shuffle(body)
    paragraphs = [lead, *(_pick(rng, [p], happening) for p in body[: rng.randint(2, 4)])]
    outlet = OUTLETS[(event_index + take * 5) % len(OUTLETS)]
    return title, outlet, "\n\n".join(paragraphs)
