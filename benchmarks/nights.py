"""Invented schools and nights of search results for the end-to-end benchmark.

Real search results are mostly noise: most posts a platform's search returns are not about the school
at all (other places, other people, the same word meaning something else). ``write_night`` follows that:
about one post in six is about the school, and some of those are hostile.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

__all__ = ["write_night"]

PLACES = ["Aberthin", "Brynmawr", "Caerwent", "Dinas", "Ewenny", "Felindre", "Glyncoch", "Hendre", "Llanfair",
          "Merthyr Dyfan", "Nantgarw", "Oakdale", "Penllyn", "Rhydyfelin", "Sully", "Trelewis", "Wenvoe", "Ynysddu"]
KINDS = ["Primary School", "Community Primary", "Church in Wales Primary", "High School", "Junior School"]
FIRST = ["Alys", "Bryn", "Carys", "Dafydd", "Elin", "Gethin", "Hana", "Iwan", "Lowri", "Macsen", "Nia", "Owain",
         "Rhys", "Seren", "Tegan", "Wil"]
LAST = ["Ashford", "Bevan", "Cadwallader", "Dando", "Evans", "Griffiths", "Harris", "Jones", "Lloyd", "Mathias",
        "Nash", "Parry", "Rowlands", "Thomas", "Vaughan", "Williams"]
ABOUT = [
    "Lovely harvest festival at {school} today, well done everyone",
    "Does anyone know if {school} is open tomorrow with the snow?",
    "{person} at {school} is a useless teacher and everyone knows it",
    "Communication from {school} could be better, we heard about the trip the day before",
    "{person} from {school} should watch her back, I know where she parks",
    "{school} is a f***ing joke, my kid learns nothing",
    "Heard {person} at {school} was drunk in class again, disgraceful",
    "So proud of the {school} choir at the eisteddfod",
]
NOISE = [
    "Traffic on the A48 is terrible again this morning",
    "Best chips in {place}? Asking for a friend",
    "{place} rugby lost 24-10, ref was blind",
    "Anyone selling a second-hand bike near {place}?",
    "The new cafe in {place} does a cracking bara brith",
    "Power cut on our street in {place} again",
    "Lost cat, ginger, answers to Mog, last seen near {place} church",
    "Council still hasn't fixed the potholes on {place} road",
    "Great walk along the coast path from {place} today",
    "{first} {last} just ran a marathon for charity, legend",
]


def _profile(name: str, staff: list[str], posts: str) -> str:
    people = "".join(f'\n[[people]]\nname = "{person}"\nrole = "staff"\n' for person in staff)
    return (f'[school]\nname = "{name}"\naliases = ["{name.rsplit(" ", 1)[0]}"]\n'
            f'local_authority = "Benchmark Council"\n{people}\n[sources.file]\npaths = ["{posts}"]\n\n'
            '[scoring]\nscorers = ["minilm", "profanity"]\n')


def _post(rng: random.Random, index: int, start: datetime, text: str) -> dict[str, str]:
    return {"platform": rng.choice(["reddit", "bluesky", "mastodon", "rss", "youtube"]), "id": f"p{index}",
            "url": f"https://example.org/p/{index}", "author": f"user{rng.randrange(5000)}",
            "created_at": (start + timedelta(minutes=rng.randrange(7 * 24 * 60))).isoformat(), "text": text}


def write_night(folder: Path, schools: int, posts_per_school: int, seed: int = 7) -> list[Path]:
    """Write ``schools`` profiles into one folder, each with its own night of posts; returns the profiles."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = datetime(2026, 11, 16, tzinfo=UTC)
    profiles = []
    for number in range(schools):
        name = f"{PLACES[number % len(PLACES)]} {number} {rng.choice(KINDS)}"
        staff = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)]
        stem = folder / f"school-{number:03d}"
        lines = []
        for index in range(posts_per_school):
            if rng.random() < 1 / 6:
                text = rng.choice(ABOUT).format(school=name.rsplit(" ", 1)[0], person=rng.choice(staff))
            else:
                text = rng.choice(NOISE).format(place=rng.choice(PLACES), first=rng.choice(FIRST),
                                                last=rng.choice(LAST))
            lines.append(json.dumps(_post(rng, index, start, f"{text} #{rng.randrange(10**6)}")))
        stem.with_suffix(".jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        stem.with_suffix(".toml").write_text(_profile(name, staff, f"{stem.name}.jsonl"), encoding="utf-8")
        profiles.append(stem.with_suffix(".toml"))
    return profiles
