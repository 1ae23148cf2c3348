"""A reproducible corpus of generated Arabic news articles, for ingest throughput only.

Articles are assembled from the lexicon's Arabic labels and sentence templates that echo the relation
rules of data/rules/relations.toml (so the extractor finds claims), mixed with sentences that state
nothing. Seeded: the same (n, seed) always gives the same articles, byte for byte. The text is not
news and its claims are not facts; it exists to load the pipeline the way a real corpus would.

    >>> a = list(generate(2, seed=1))
    >>> a == list(generate(2, seed=1)), sorted(a[0])
    (True, ['id', 'published', 'source', 'text', 'title', 'url'])
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from kg.lexicon import LexEntry, Lexicon

# Type groups drawn from, by the lexicon's most specific class.
_GROUPS = {
    "AGENCY": ("SpaceAgency",),
    "COMPANY": ("Company",),
    "NEWS": ("NewsOrganization", "Newspaper"),
    "COUNTRY": ("Country",),
    "PERSON": ("Person",),
    "ASTRONAUT": ("Astronaut",),
    "PROBE": ("Probe", "Orbiter"),
    "CRAFT": ("Spacecraft", "Lander", "Rover", "Probe", "Orbiter"),
    "ROVER": ("Rover", "Lander"),
    "MISSION": ("Mission",),
    "ROCKET": ("Rocket",),
    "STATION": ("SpaceStation",),
    "PROGRAM": ("Program",),
    "BODY": ("CelestialBody", "Planet"),
    "AGREEMENT": ("Agreement",),
    "CITY": ("City",),
}

_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
           "نوفمبر", "ديسمبر"]

# Sentence templates: {GROUP} is a random entity of that group (its Arabic label), {GROUP2} a second
# one, {DEM} the feminine definite demonym of {COUNTRY}, {YEAR}/{MONTH}/{DAY} a date. The comment
# names the rule each template feeds.
TEMPLATES = [
    "كشفت {COUNTRY} و{COUNTRY2} عن خطط لإنشاء {STATION} خلال السنوات المقبلة.",            # partner.plans_to_build
    "وقالت {AGENCY} إنها وقعت اتفاقية مع {AGENCY2} لتطوير تقنيات الهبوط.",                  # signatory.signed_with
    "لكن {COUNTRY} لم توقع على {AGREEMENT} حتى الآن.",                                       # signatory.not_signed
    "وقعت {COUNTRY} على {AGREEMENT} في {MONTH} {YEAR}.",                                     # signatory.signed_vso
    "وقال رئيس {AGENCY}، {PERSON}، إن المشروع مفتوح لجميع الشركاء الدوليين.",               # head_of + speech
    "أطلقت {COUNTRY} في عام {YEAR} مسبارها {PROBE} بعد سنوات من التحضير.",                  # launch.agent_launched
    "ومن المتوقع أن تشارك وكالات عدة في {MISSION}، المقرر إطلاقها في {MONTH} {YEAR}.",       # launch.scheduled
    "وأجرت {ROVER} التابعة ل{AGENCY} تجارب جديدة على سطح {BODY}.",                          # operator.affiliated
    "ويواصل {PROBE} الذي يدور الآن حول {BODY} إرسال الصور إلى العلماء.",                    # orbits.relative
    "وأرسلت {COUNTRY} {ASTRONAUT} إلى الفضاء في {MONTH} {YEAR}.",                            # spaceflight.sent_to_space
    "وانطلق {ASTRONAUT} على متن {CRAFT} في رحلة استمرت أياما.",                               # crew.aboard
    "وكان {PROGRAM} الذي أعلن عنه في عام {YEAR} خلال فترة الرئيس {PERSON} محط اهتمام واسع.",  # announced.relative
    # monopoly.lost
    "فقدت {AGENCY} في عام {YEAR} احتكارها للرحلات المأهولة إلى {STATION} بعد أول مهمة ناجحة لشركة {COMPANY}.",
    "وأصبحت {COMPANY} من {PERSON} لاعبا رئيسيا في سباق الفضاء الحديث.",                      # owns.company_of
    "وتعمل شركة {COMPANY} {DEM} على تطوير محركات جديدة.",                                    # country.org_demonym
    "تعتزم {COUNTRY} في نهاية المطاف إجراء مهمة بشرية إلى {BODY}.",                          # plans.intends_mission
    "وأعلنت {COMPANY} عن خطط لنقل عدد من السياح إلى {BODY} في عام {YEAR}.",                  # trip.plans_to_carry
    "وتشارك {COUNTRY} في {AGREEMENT} التي تقودها {COUNTRY2} لاستكشاف القمر.",                # led_by.relative
    "يقول {PERSON}، المحلل المتخصص في برامج الفضاء، إن الخطوة كانت متوقعة.",                  # occupation + speech
    "وذلك حسب ما ذكرت صحيفة {NEWS}.",                                                         # reported_by
    "وأطلقت {AGENCY} صاروخ {ROCKET} من قاعدة قرب {CITY} في {DAY} {MONTH} {YEAR}.",           # launch + dates
]

# Sentences that name nothing the rules read: the bulk of real news text.
FILLERS = [
    "ويقول الخبراء إن هذه الخطوة قد تغير موازين المنافسة في قطاع الفضاء خلال العقد المقبل.",
    "وأشار تقرير حديث إلى أن الاستثمارات في هذا المجال تضاعفت في السنوات الأخيرة.",
    "ولا يزال التخطيط لهذه المرحلة أوليا، بحسب مصادر مطلعة على الملف.",
    "وتواجه المشاريع الفضائية الكبرى تحديات تقنية ومالية كبيرة تتطلب تعاونا دوليا واسعا.",
    "ويرى مراقبون أن السباق الجديد نحو الفضاء يختلف كثيرا عن سباق الحرب الباردة.",
    "وأكد المسؤولون أن الفرق الهندسية تعمل على مدار الساعة لإنجاز الاختبارات في موعدها.",
    "وتعد هذه التجربة من أهم الخطوات التي تسبق إرسال رواد إلى مسافات أبعد.",
    "ومن شأن هذه البيانات أن تساعد العلماء على فهم تاريخ النظام الشمسي بشكل أفضل.",
    "وشهدت السنوات الماضية دخول شركات خاصة عديدة إلى سوق الإطلاق التجاري.",
    "وتأمل الجامعات ومراكز البحث في المنطقة أن تستفيد من نتائج هذه المهمات.",
    "وقد استغرقت مرحلة التصميم وحدها عدة سنوات من العمل المتواصل.",
    "وتراقب محطات أرضية منتشرة حول العالم مسار الرحلة بشكل دائم.",
]

_TITLES = [
    "{AGENCY} تكشف عن خطوة جديدة في استكشاف الفضاء",
    "{COUNTRY} تعلن عن مهمة جديدة إلى {BODY}",
    "سباق الفضاء: {COMPANY} و{AGENCY} في الواجهة",
    "تفاصيل جديدة حول {MISSION}",
]


class Generator:
    """Articles drawn from the lexicon with a seeded random source."""

    def __init__(self, lexicon: Lexicon, seed: int = 2026) -> None:
        self.rnd = random.Random(seed)
        by_type: dict[str, list[LexEntry]] = {}
        for entry in sorted(lexicon.entries, key=lambda e: e.iri):
            if entry.label_ar:
                by_type.setdefault(entry.etype, []).append(entry)
        self.groups = {g: [e for t in types for e in by_type.get(t, [])] for g, types in _GROUPS.items()}
        self.groups["COUNTRY"] = [e for e in self.groups["COUNTRY"] if any(_arabic(d) for d in e.demonyms)]

    def article(self, i: int) -> dict[str, str]:
        rnd = self.rnd
        sentences = [self._fill(t) for t in rnd.sample(TEMPLATES, rnd.randint(5, 9))]
        sentences += rnd.sample(FILLERS, rnd.randint(4, 8))
        rnd.shuffle(sentences)
        year = rnd.randint(1990, 2025)
        news = rnd.choice(self.groups["NEWS"])
        return {
            "id": f"gen-{i:06d}",
            "title": self._fill(rnd.choice(_TITLES)),
            "text": " ".join(sentences),
            "published": f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "source": news.label_en or news.label_ar,
            "url": f"https://news.example.org/space/{year}/{i:06d}",
        }

    def _fill(self, template: str) -> str:
        rnd = self.rnd
        country = rnd.choice(self.groups["COUNTRY"])
        values = {g: rnd.choice(entries).label_ar for g, entries in self.groups.items() if entries}
        values |= {f"{g}2": rnd.choice(entries).label_ar for g, entries in self.groups.items() if entries}
        values["COUNTRY"] = country.label_ar
        values["DEM"] = _feminine_definite(next(d for d in country.demonyms if _arabic(d)))
        values["YEAR"] = str(rnd.randint(1957, 2035))
        values["MONTH"] = rnd.choice(_MONTHS)
        values["DAY"] = str(rnd.randint(1, 28))
        return template.format(**values)


def _arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _feminine_definite(demonym: str) -> str:
    """روسي → الروسية."""
    return "ال" + demonym + "ة"


def generate(n: int, seed: int = 2026, lexicon: Lexicon | None = None) -> Iterator[dict[str, str]]:
    """`n` articles as .jsonl records (id, title, text, published, source, url)."""
    gen = Generator(lexicon or Lexicon.load(), seed)
    for i in range(n):
        yield gen.article(i)


def write_jsonl(path: Path, n: int, seed: int = 2026) -> tuple[int, int]:
    """Write the corpus to `path` (unless it is already there with the same size and seed).

    Returns:
        (articles, words)
    """
    stamp = path.with_suffix(".stamp")
    if path.exists() and stamp.exists() and stamp.read_text() == f"{n} {seed}":
        words = sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))
        return n, words
    path.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for record in generate(n, seed):
            words += len(record["text"].split())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    stamp.write_text(f"{n} {seed}")
    return n, words
