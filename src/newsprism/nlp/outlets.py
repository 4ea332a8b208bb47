"""A built-in gazetteer of major news organisations: canonical name, kind and aliases.

Matching is case-sensitive on the surface forms listed (so "AP" is the agency, "ap" is
not). ``canonical_outlet`` normalises any listed form ("Times of Israel" -> "The Times of
Israel"). Kinds: ``agency`` (wire services), ``broadcaster`` (TV/radio), ``outlet``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["OutletInfo", "OUTLETS", "outlet_forms", "canonical_outlet", "outlet_kind", "NEWSY_WORDS"]


class OutletInfo(NamedTuple):
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


def _o(name: str, kind: str = "outlet", *aliases: str) -> OutletInfo:
    return OutletInfo(name, kind, aliases)


OUTLETS: tuple[OutletInfo, ...] = (
    # wire agencies
    _o("Reuters", "agency", "Thomson Reuters"),
    _o("Associated Press", "agency", "AP", "The Associated Press", "A.P."),
    _o("AFP", "agency", "Agence France-Presse", "Agence France Presse"),
    _o("Bloomberg", "agency", "Bloomberg News"),
    _o("Xinhua", "agency", "Xinhua News Agency"),
    _o("TASS", "agency", "Tass"),
    _o("RIA Novosti", "agency", "RIA"),
    _o("Interfax", "agency"),
    _o("Anadolu Agency", "agency", "Anadolu", "AA"),
    _o("dpa", "agency", "DPA", "Deutsche Presse-Agentur"),
    _o("EFE", "agency"),
    _o("ANSA", "agency"),
    _o("Kyodo News", "agency", "Kyodo"),
    _o("Yonhap", "agency", "Yonhap News Agency"),
    _o("Press Trust of India", "agency", "PTI"),
    _o("UPI", "agency", "United Press International"),
    _o("IRNA", "agency", "Islamic Republic News Agency"),
    _o("Tasnim", "agency", "Tasnim News Agency"),
    _o("Fars", "agency", "Fars News Agency"),
    _o("Mehr News Agency", "agency", "Mehr"),
    _o("ISNA", "agency"),
    _o("SANA", "agency", "Syrian Arab News Agency"),
    _o("WAFA", "agency", "Wafa"),
    _o("Jewish Telegraphic Agency", "agency", "JTA"),
    _o("Saudi Press Agency", "agency", "SPA"),
    _o("Emirates News Agency", "agency", "WAM"),
    _o("Qatar News Agency", "agency", "QNA"),
    _o("Ukrinform", "agency"),
    # US
    _o("The New York Times", "outlet", "New York Times", "NYT", "the Times"),
    _o("The Washington Post", "outlet", "Washington Post", "WaPo"),
    _o("The Wall Street Journal", "outlet", "Wall Street Journal", "WSJ", "the Journal"),
    _o("CNN", "broadcaster", "CNN International"),
    _o("NBC News", "broadcaster", "NBC"),
    _o("ABC News", "broadcaster", "ABC"),
    _o("CBS News", "broadcaster", "CBS"),
    _o("Fox News", "broadcaster", "Fox", "Fox News Channel"),
    _o("MSNBC", "broadcaster"),
    _o("CNBC", "broadcaster"),
    _o("NPR", "broadcaster", "National Public Radio"),
    _o("PBS", "broadcaster", "PBS NewsHour"),
    _o("C-SPAN", "broadcaster"),
    _o("Voice of America", "broadcaster", "VOA"),
    _o("Radio Free Europe/Radio Liberty", "broadcaster", "RFE/RL", "Radio Free Europe"),
    _o("Politico", "outlet", "POLITICO", "Politico Europe"),
    _o("Axios", "outlet"),
    _o("The Hill", "outlet"),
    _o("USA Today", "outlet", "USA TODAY"),
    _o("Los Angeles Times", "outlet", "LA Times", "L.A. Times", "The Los Angeles Times"),
    _o("Chicago Tribune", "outlet", "The Chicago Tribune"),
    _o("The Boston Globe", "outlet", "Boston Globe"),
    _o("Newsweek", "outlet"),
    _o("Time", "outlet", "TIME", "Time magazine"),
    _o("The Atlantic", "outlet"),
    _o("The New Yorker", "outlet", "New Yorker"),
    _o("Vox", "outlet"),
    _o("HuffPost", "outlet", "Huffington Post", "The Huffington Post"),
    _o("BuzzFeed News", "outlet", "BuzzFeed"),
    _o("Business Insider", "outlet", "Insider"),
    _o("Breitbart", "outlet", "Breitbart News"),
    _o("The Daily Caller", "outlet", "Daily Caller"),
    _o("The Daily Wire", "outlet", "Daily Wire"),
    _o("New York Post", "outlet", "The New York Post", "NY Post"),
    _o("Washington Examiner", "outlet", "The Washington Examiner"),
    _o("The Washington Free Beacon", "outlet", "Washington Free Beacon", "Free Beacon"),
    _o("The Intercept", "outlet"),
    _o("ProPublica", "outlet"),
    _o("Semafor", "outlet"),
    _o("Punchbowl News", "outlet"),
    _o("Newsmax", "broadcaster"),
    _o("ZeroHedge", "outlet", "Zero Hedge"),
    _o("The Daily Beast", "outlet", "Daily Beast"),
    _o("Mother Jones", "outlet"),
    _o("National Review", "outlet"),
    _o("Slate", "outlet"),
    _o("Salon", "outlet"),
    _o("Vice News", "outlet", "VICE News", "Vice"),
    _o("Yahoo News", "outlet"),
    _o("Foreign Policy", "outlet"),
    _o("Foreign Affairs", "outlet"),
    _o("The Washington Times", "outlet", "Washington Times"),
    _o("The Free Press", "outlet"),
    # UK
    _o("BBC", "broadcaster", "BBC News", "the BBC"),
    _o("Sky News", "broadcaster", "Sky"),
    _o("ITV News", "broadcaster", "ITV"),
    _o("Channel 4 News", "broadcaster"),
    _o("The Guardian", "outlet", "Guardian"),
    _o("The Times", "outlet", "The Times of London", "Times of London"),
    _o("The Sunday Times", "outlet", "Sunday Times"),
    _o("The Telegraph", "outlet", "Telegraph", "The Daily Telegraph", "Daily Telegraph"),
    _o("The Independent", "outlet", "Independent"),
    _o("Financial Times", "outlet", "FT", "The Financial Times"),
    _o("The Economist", "outlet", "Economist"),
    _o("Daily Mail", "outlet", "The Daily Mail", "MailOnline", "Mail Online"),
    _o("The Sun", "outlet"),
    _o("Daily Mirror", "outlet", "The Mirror", "Mirror"),
    _o("The Observer", "outlet"),
    _o("Evening Standard", "outlet", "London Evening Standard"),
    _o("The Spectator", "outlet"),
    _o("New Statesman", "outlet"),
    _o("Middle East Eye", "outlet", "MEE"),
    _o("Middle East Monitor", "outlet", "MEMO"),
    _o("The New Arab", "outlet"),
    # Israel
    _o("Haaretz", "outlet"),
    _o("The Times of Israel", "outlet", "Times of Israel", "ToI"),
    _o("The Jerusalem Post", "outlet", "Jerusalem Post", "JPost", "the Post"),
    _o("Yedioth Ahronoth", "outlet", "Yediot Ahronot", "Yedioth", "Yediot"),
    _o("Ynet", "outlet", "Ynet News", "Ynetnews", "ynet"),
    _o("Israel Hayom", "outlet"),
    _o("Maariv", "outlet", "Ma'ariv"),
    _o("Channel 12 News", "broadcaster", "Channel 12", "N12", "Keshet 12"),
    _o("Channel 13 News", "broadcaster", "Channel 13"),
    _o("Channel 14", "broadcaster", "Channel 14 News"),
    _o("Kan", "broadcaster", "Kan News", "Kan 11", "KAN"),
    _o("i24NEWS", "broadcaster", "i24 News", "i24"),
    _o("Army Radio", "broadcaster", "Galei Tzahal", "Galatz"),
    _o("Walla", "outlet", "Walla News", "Walla!"),
    _o("Globes", "outlet"),
    _o("Israel National News", "outlet", "Arutz Sheva", "Arutz 7"),
    _o("Jewish News Syndicate", "outlet", "JNS"),
    _o("Virtual Jerusalem", "outlet"),
    _o("The Forward", "outlet", "Forward"),
    _o("Jewish Insider", "outlet"),
    _o("Calcalist", "outlet"),
    # Arab world, Iran, Turkey
    _o("Al Jazeera", "broadcaster", "Al-Jazeera", "Aljazeera", "Al Jazeera English"),
    _o("Al Arabiya", "broadcaster", "Al-Arabiya"),
    _o("Al Mayadeen", "broadcaster", "Al-Mayadeen", "Al Mayadeen English"),
    _o("Al-Monitor", "outlet", "Al Monitor"),
    _o("Asharq Al-Awsat", "outlet", "Asharq al-Awsat", "Asharq Al Awsat"),
    _o("The National", "outlet"),
    _o("Arab News", "outlet"),
    _o("Gulf News", "outlet"),
    _o("Al Manar", "broadcaster", "Al-Manar"),
    _o("Al-Akhbar", "outlet", "Al Akhbar"),
    _o("L'Orient-Le Jour", "outlet", "L'Orient Today"),
    _o("TRT World", "broadcaster", "TRT"),
    _o("Daily Sabah", "outlet"),
    _o("Hurriyet", "outlet", "Hürriyet", "Hurriyet Daily News"),
    _o("Press TV", "broadcaster", "PressTV"),
    _o("Tehran Times", "outlet"),
    _o("Kayhan", "outlet"),
    _o("Al-Quds", "outlet", "Al Quds"),
    _o("Ma'an News Agency", "agency", "Ma'an"),
    _o("Dawn", "outlet"),
    _o("Sky News Arabia", "broadcaster"),
    _o("Al-Ahram", "outlet", "Al Ahram", "Ahram Online"),
    # Europe, Asia, elsewhere
    _o("Le Monde", "outlet"),
    _o("Le Figaro", "outlet"),
    _o("Der Spiegel", "outlet", "Spiegel"),
    _o("Die Zeit", "outlet"),
    _o("Frankfurter Allgemeine Zeitung", "outlet", "FAZ"),
    _o("Süddeutsche Zeitung", "outlet", "Sueddeutsche Zeitung"),
    _o("Bild", "outlet"),
    _o("Deutsche Welle", "broadcaster", "DW"),
    _o("France 24", "broadcaster", "France24"),
    _o("Radio France Internationale", "broadcaster", "RFI"),
    _o("Euronews", "broadcaster"),
    _o("El País", "outlet", "El Pais"),
    _o("El Mundo", "outlet"),
    _o("Corriere della Sera", "outlet"),
    _o("La Repubblica", "outlet"),
    _o("NHK", "broadcaster"),
    _o("Asahi Shimbun", "outlet", "The Asahi Shimbun"),
    _o("Yomiuri Shimbun", "outlet", "The Yomiuri Shimbun"),
    _o("South China Morning Post", "outlet", "SCMP"),
    _o("Global Times", "outlet"),
    _o("CGTN", "broadcaster"),
    _o("China Daily", "outlet"),
    _o("RT", "broadcaster", "Russia Today"),
    _o("Sputnik", "outlet"),
    _o("Kommersant", "outlet"),
    _o("Meduza", "outlet"),
    _o("Novaya Gazeta", "outlet"),
    _o("The Kyiv Independent", "outlet", "Kyiv Independent"),
    _o("Ukrainska Pravda", "outlet"),
    _o("The Hindu", "outlet"),
    _o("The Times of India", "outlet", "Times of India"),
    _o("Hindustan Times", "outlet"),
    _o("NDTV", "broadcaster"),
    _o("ABC Australia", "broadcaster", "Australian Broadcasting Corporation"),
    _o("The Sydney Morning Herald", "outlet", "Sydney Morning Herald"),
    _o("CBC News", "broadcaster", "CBC"),
    _o("The Globe and Mail", "outlet", "Globe and Mail"),
    _o("Toronto Star", "outlet", "The Toronto Star"),
)

# Forms too ambiguous to tag as an outlet on their own in running text.
_AMBIGUOUS = frozenset({"the Times", "the Journal", "the Post", "Time", "Sky", "Vice",
                        "Independent", "Insider", "Forward", "Mirror", "Guardian", "Dawn",
                        "Salon", "Slate", "RIA", "SPA", "AA", "Fox", "Kan", "KAN", "Mehr",
                        "Economist", "Telegraph", "TRT", "ToI", "WAM", "Spiegel", "Wafa",
                        "Walla", "Globes", "Bild", "Sputnik", "The Sun", "The National",
                        "The Times", "The Observer", "The Forward", "The Independent"})

_BY_FORM: dict[str, OutletInfo] = {}
for _info in OUTLETS:
    for _form in (_info.name, *_info.aliases):
        _BY_FORM.setdefault(_form, _info)
        _BY_FORM.setdefault(_form.casefold(), _info)

NEWSY_WORDS = re.compile(
    r"\b(Times|Post|News|Journal|Herald|Tribune|Gazette|Daily|Radio|TV|Television|Channel|"
    r"Press|Agency|Telegraph|Chronicle|Magazine|Monitor|Observer|Courier|Express|Standard|"
    r"Broadcasting|Media|Newspaper|Wire)\b"
)


def outlet_forms(*, include_ambiguous: bool = False) -> list[tuple[str, str]]:
    """(surface form, canonical name) pairs for building a matcher."""
    out = []
    for info in OUTLETS:
        for form in (info.name, *info.aliases):
            if include_ambiguous or form not in _AMBIGUOUS:
                out.append((form, info.name))
    return out


def _key(name: str) -> str:
    name = name.strip().replace("’", "'")
    name = re.sub(r"'s?$", "", name).strip()
    return name


def canonical_outlet(name: str) -> str | None:
    """The canonical name of a listed outlet form, else ``None``."""
    key = _key(name)
    info = _BY_FORM.get(key) or _BY_FORM.get(key.casefold())
    if info is None and key[:4].casefold() == "the ":
        info = _BY_FORM.get(key[4:]) or _BY_FORM.get(key[4:].casefold())
    return info.name if info else None


def outlet_kind(name: str) -> str:
    """``agency``/``broadcaster``/``outlet`` for a listed outlet (``outlet`` if unknown)."""
    key = canonical_outlet(name)
    return _BY_FORM[key].kind if key else "outlet"
