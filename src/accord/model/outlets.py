"""The outlet table: every outlet the built-in scenarios and conflicts cite, with its kind.

The reliability rule (docs/scenarios/sources.md, :mod:`accord.model.reliability`) gives a
source its label from the kind of outlet that published the page and from the original it
names, if any. This table is where an outlet's kind is recorded once, with the reason, so
that a second analyst can check every label. The documentation's table is this one written
out (``tests/test_reliability.py`` checks that the two agree).

A ``site`` is a host name (``tass.com`` also covers ``www.tass.com`` and ``mirror.tass.com``)
or a host with a path prefix (``github.com/onp/gmcr-py``) for hosts that carry many
publishers, or a single page whose original is known although its source record may not say
so. The longest matching site wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.model.actors import Reliability

R = Reliability


@dataclass(frozen=True)
class Outlet:
    """One publisher: its label under the rule, what kind of outlet it is, and how to find it.

    ``side`` is set for partisan outlets: the state, party or side whose media it is,
    written as an actor's id, name or alias would be (``Russia``, ``UAW``); a partisan
    source supports what that side says, not facts about others.
    """

    name: str
    label: Reliability
    kind: str
    sites: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    side: str | None = None


def _o(
    name: str,
    label: Reliability,
    kind: str,
    *sites: str,
    names: tuple[str, ...] = (),
    side: str | None = None,
) -> Outlet:
    return Outlet(name, label, kind, tuple(sites), names, side)


# Kinds, the words the documentation's table uses (each maps to exactly one label).
DOCUMENT = "the document itself: official text, statement or record"
ARCHIVE = "archive that reproduces official documents under their author's name"
ACADEMIC = "scholarly work cited for what it itself defines or publishes"
AGENCY = "news agency (agency copy)"
OUTLET = "established outlet with a newsroom and editorial standards"
ANALYSIS = "think tank, research centre, journal or named expert: signed analysis"
STATE = "state media: its editorial line answers to a government"
PARTY = "party or side media: owned or run by a party or a side at the table"
NETWORK = "network that republishes a state's media"
AGGREGATOR = "aggregator: rewrites or reposts others' reporting"
SMALL = "small or unknown site, blog, content farm or forum: no named newsroom"
SECTION = "a section of an outlet listed above"

#: Kind -> label: the rule, in one place. A kind never maps to two labels.
KIND_LABEL: dict[str, Reliability] = {
    DOCUMENT: R.primary,
    ARCHIVE: R.primary,
    ACADEMIC: R.primary,
    AGENCY: R.wire,
    OUTLET: R.secondary,
    ANALYSIS: R.secondary,
    STATE: R.partisan,
    PARTY: R.partisan,
    NETWORK: R.partisan,
    AGGREGATOR: R.unverified,
    SMALL: R.unverified,
}


def _k(
    name: str, kind: str, *sites: str, names: tuple[str, ...] = (), side: str | None = None
) -> Outlet:
    return _o(name, KIND_LABEL[kind], kind, *sites, names=names, side=side)


OUTLETS: tuple[Outlet, ...] = (
    # --- primary: the document itself -------------------------------------------------------
    _k("Verkhovna Rada of Ukraine", DOCUMENT, "zakon.rada.gov.ua", "rada.gov.ua"),
    _k("EUR-Lex", DOCUMENT, "eur-lex.europa.eu"),
    _k("UK Government", DOCUMENT, "gov.uk"),
    _k(
        "US Department of State",
        DOCUMENT,
        "state.gov",
        "share.america.gov",
        names=("ShareAmerica",),
    ),
    _k("US Government Publishing Office", DOCUMENT, "govinfo.gov"),
    _k("German Federal Foreign Office", DOCUMENT, "auswaertiges-amt.de"),
    _k("French Embassy in Israel", DOCUMENT, "ambafrance-il.org"),
    _k("Embassy of France in the United States", DOCUMENT, "franceintheus.org"),
    _k("Office of the High Representative", DOCUMENT, "ohr.int"),
    _k("The parties to the negotiation (a text they signed)", DOCUMENT, names=("The parties",)),
    _k("US National Archives", DOCUMENT, "archives.gov"),
    _k("Office of Senator Rand Paul", DOCUMENT, "paul.senate.gov"),
    _k("Chancellery of the Prime Minister of Poland", DOCUMENT, "gov.pl"),
    _k("Ford Motor Company", DOCUMENT, "ford.com", "corporate.ford.com"),
    _k("UAW", DOCUMENT, "uaw.org", names=("United Auto Workers",)),
    _k("OSCE SMM", DOCUMENT, "osce.org", names=("OSCE",)),
    _k("The American Presidency Project", ARCHIVE, "presidency.ucsb.edu"),
    _k("ReliefWeb", ARCHIVE, "reliefweb.int"),
    _k("Wiley", ACADEMIC),
    _k("Applied Mathematics and Computation", ACADEMIC),
    _k("GMCR+ (onp/gmcr-py, by its authors)", ACADEMIC, "github.com/onp/gmcr-py"),
    # --- wire: news agencies ----------------------------------------------------------------
    _k("Reuters", AGENCY, "reuters.com"),
    _k("Associated Press", AGENCY, "apnews.com", names=("AP",)),
    _k("AFP", AGENCY, "afp.com", names=("Agence France-Presse",)),
    _k("Bloomberg", AGENCY, "bloomberg.com"),
    _k("ANI", AGENCY, "aninews.in"),
    _k("Belga", AGENCY, "belganewsagency.eu"),
    _k("TT", AGENCY, "tt.se"),
    _k("Interfax-Ukraine", AGENCY, "interfax.com.ua"),
    _k("UNN", AGENCY, "unn.ua", names=("Ukrainian National News",)),
    _k("European Newsroom", AGENCY, "europeannewsroom.com"),
    # --- secondary: established outlets -----------------------------------------------------
    _k("Euronews", OUTLET, "euronews.com"),
    _k("Hromadske", OUTLET, "hromadske.ua"),
    _k("Novinite", OUTLET, "novinite.com"),
    _k("The Moscow Times", OUTLET, "themoscowtimes.com"),
    _k("UK Defence Journal", OUTLET, "ukdefencejournal.org.uk"),
    _k("The Straits Times", OUTLET, "straitstimes.com"),
    _k("Report.az", OUTLET, "report.az"),
    _k("The Kyiv Independent", OUTLET, "kyivindependent.com"),
    _k("112 Ukraine", OUTLET, "112.ua"),
    _k("24 Kanal", OUTLET, "24tv.ua"),
    _k("AnewZ", OUTLET, "anewz.tv"),
    _k("Babel", OUTLET, "babel.ua"),
    _k("Caliber.Az", OUTLET, "caliber.az"),
    _k("Censor.net", OUTLET, "censor.net"),
    _k("Euromaidan Press", OUTLET, "euromaidanpress.com"),
    _k("Parapolitika", OUTLET, "parapolitika.gr"),
    _k("Fakti.bg", OUTLET, "fakti.bg"),
    _k("gCaptain", OUTLET, "gcaptain.com"),
    _k("Glavnoe", OUTLET, "glavnoe.in.ua"),
    _k("Espreso", OUTLET, "espreso.tv"),
    _k("iPress", OUTLET, "ipress.ua"),
    _k("LIGA.net", OUTLET, "liga.net"),
    _k("Novyny.live", OUTLET, "novyny.live"),
    _k("RBC-Ukraine", OUTLET, "rbc.ua"),
    _k("LB.ua", OUTLET, "lb.ua"),
    _k("Ukrainska Pravda", OUTLET, "pravda.com.ua", names=("European Pravda",)),
    _k("Logos Press", OUTLET, "logos-pres.md"),
    _k("Public Radio of Armenia", OUTLET, "1lurer.am"),
    _k("AsiaOne", OUTLET, "asiaone.com"),
    _k("CNA", OUTLET, "channelnewsasia.com"),
    _k("Hindustan Times", OUTLET, "hindustantimes.com"),
    _k("The Independent", OUTLET, "independent.co.uk"),
    _k("Kommersant", OUTLET, "kommersant.ru"),
    _k("Kronen Zeitung", OUTLET, "krone.at"),
    _k("Latvijas Avize", OUTLET, "la.lv"),
    _k("La Gaceta", OUTLET, "lagaceta.com.ar"),
    _k("Mint", OUTLET, "livemint.com"),
    _k("Meduza", OUTLET, "meduza.io"),
    _k("The New Indian Express", OUTLET, "newindianexpress.com"),
    _k("The Times of India", OUTLET, "timesofindia.indiatimes.com"),
    _k("Onmanorama", OUTLET, "onmanorama.com"),
    _k("Politico Europe", OUTLET, "politico.eu", "politico.com", names=("Politico",)),
    _k("Axios", OUTLET, "axios.com"),
    _k("The Telegraph", OUTLET, "telegraph.co.uk", names=("Telegraph",)),
    _k("B92", OUTLET, "b92.net"),
    _k("Radio Free Europe/Radio Liberty", OUTLET, "rferl.org"),
    _k("RTE", OUTLET, "rte.ie"),
    _k("tportal.hr", OUTLET, "tportal.hr"),
    _k("WION", OUTLET, "wionews.com"),
    _k("Faro de Vigo", OUTLET, "farodevigo.es"),
    _k("Journal-News", OUTLET, "journal-news.com"),
    _k("Lokmat Times", OUTLET, "lokmattimes.com"),
    _k("Lincoln Daily News", OUTLET, "lincolndailynews.com"),
    _k("Bulletin", OUTLET, "bulletin.nu"),
    _k("Antiwar.com", OUTLET, "antiwar.com"),
    _k("The Detroit News", OUTLET, "detroitnews.com"),
    _k("Detroit Free Press", OUTLET, "freep.com"),
    _k("FOX 2 Detroit", OUTLET, "fox2detroit.com"),
    _k("WDIV ClickOnDetroit", OUTLET, "clickondetroit.com"),
    _k("CBS News", OUTLET, "cbsnews.com", names=("CBS Detroit",)),
    _k("WNEM TV5", OUTLET, "wnem.com"),
    _k("NPR", OUTLET, "npr.org"),
    _k("Michigan Public", OUTLET, "michiganradio.org"),
    _k("WPTA 21Alive", OUTLET, "21alivenews.com"),
    _k("Crain's Detroit Business", OUTLET, "crainsdetroit.com"),
    _k("Crain's Chicago Business", OUTLET, "chicagobusiness.com"),
    _k("Crain's Grand Rapids Business", OUTLET, "crainsgrandrapids.com"),
    _k("Automotive News", OUTLET, "autonews.com"),
    _k("Rubber News", OUTLET, "rubbernews.com"),
    _k("Automotive World", OUTLET, "automotiveworld.com"),
    _k("Ford Authority", OUTLET, "fordauthority.com"),
    _k("Steel Market Update", OUTLET, "steelmarketupdate.com"),
    _k("National Oil & Lube News", OUTLET, "noln.net"),
    _k("IndustryWeek", OUTLET, "industryweek.com"),
    _k("The Globe and Mail", OUTLET, "theglobeandmail.com"),
    _k("The Mining Journal", OUTLET, "miningjournal.net"),
    _k("Arkansas Democrat-Gazette", OUTLET, "arkansasonline.com"),
    _k("The Spokesman-Review", OUTLET, "spokesman.com"),
    _k("BNN Bloomberg", OUTLET, "bnnbloomberg.ca"),
    _k("The New York Times", OUTLET, "nytimes.com", names=("New York Times News Service",)),
    _k("The Seattle Times", OUTLET, "seattletimes.com"),
    _k("Los Angeles Times", OUTLET, "latimes.com"),
    _k("The Baltimore Sun", OUTLET, "baltimoresun.com"),
    _k("Chicago Tribune", OUTLET, "chicagotribune.com"),
    _k("The Record (Stockton)", OUTLET, "recordnet.com"),
    _k("International Herald Tribune", OUTLET, "iht.com"),
    _k("NRC Handelsblad", OUTLET, "nrc.nl"),
    _k("Vreme", OUTLET, "vreme.com", "serbiandigest.libraries.rutgers.edu"),
    _k("The Jakarta Post", OUTLET, "thejakartapost.com"),
    _k("The Jerusalem Post", OUTLET, "jpost.com"),
    _k("The Tower", OUTLET, "thetower.org"),
    _k("Voice of America", OUTLET, "voanews.com", "voa.pangea-cms.com"),
    _k("Newsmax", OUTLET, "newsmax.com"),
    _k("The Nation (Pakistan)", OUTLET, "nation.com.pk"),
    _k("Eagle News", OUTLET, "eaglenews.ph"),
    _k("Defense One", OUTLET, "defenseone.com"),
    _k(
        "Encyclopaedia Universalis", ANALYSIS, "universalis.fr", names=("Encyclopædia Universalis",)
    ),
    _k("The Iran Primer (United States Institute of Peace)", ANALYSIS, "iranprimer.usip.org"),
    _k("Brussels Morning", OUTLET, "brusselsmorning.com"),
    _k("SBS News", OUTLET, "sbs.com.au"),
    _k("bne IntelliNews", OUTLET, "intellinews.com"),
    _k("Shropshire Star", OUTLET, "shropshirestar.com"),
    _k("ZMINA", OUTLET, "zmina.info"),
    _k("LBCI", OUTLET, "lbcgroup.tv"),
    _k("Polskie Radio", OUTLET, "polskieradio.pl"),
    _k("Suspilne", OUTLET, "suspilne.media"),
    _k("NikVesti", OUTLET, "nikvesti.com"),
    _k("India TV News", OUTLET, "indiatvnews.com"),
    _k("Gulf News", OUTLET, "gulfnews.com"),
    _k("NewsX", OUTLET, "newsx.com"),
    _k("Vedomosti", OUTLET, "vedomosti.ru"),
    _k("OSW Centre for Eastern Studies", ANALYSIS, "osw.waw.pl"),
    _k("German Marshall Fund", ANALYSIS, "gmfus.org"),
    _k("Wilson Center", ANALYSIS, "wilsoncenter.org"),
    _k("Just Security", ANALYSIS, "justsecurity.org"),
    _k("Washington Law Review", ANALYSIS, "washingtonlawreview.org"),
    _k("Civil Network OPORA", ANALYSIS, "oporaua.org"),
    _k("Rutgers School of Management and Labor Relations", ANALYSIS, "smlr.rutgers.edu"),
    _k("Ivo Daalder (newsletter)", ANALYSIS, "ivodaalder.com", "ivodaalder.substack.com"),
    # --- partisan: state or party media -----------------------------------------------------
    _k("TASS", STATE, "tass.com", "tass.ru", side="Russia"),
    _k("RIA Novosti", STATE, "ria.ru", side="Russia"),
    _k("Sputnik", STATE, "sputnikglobe.com", "sputniknews.com", side="Russia"),
    _k("news-pravda.com network", NETWORK, "news-pravda.com", side="Russia"),
    _k("Pravda.ru", STATE, "pravdareport.com", "pravda.ru", side="Russia"),
    _k("Ukrinform", STATE, "ukrinform.net", "ukrinform.ua", side="Ukraine"),
    _k("UATV", STATE, "uatv.ua", side="Ukraine"),
    _k("CGTN", STATE, "cgtn.com", side="China"),
    _k("PressTV", STATE, "presstv.co.uk", "presstv.ir", side="Iran"),
    _k("ABNA", STATE, "abna24.com", side="Iran"),
    _k("Tasnim News Agency", STATE, "tasnimnews.com", side="Iran"),
    _k("IRNA", STATE, "irna.ir", side="Iran"),
    _k("TRT World", STATE, "trtworld.com", side="Turkey"),
    _k("A News", STATE, "anews.com.tr", side="Turkey"),
    _k("Daily Sabah", STATE, "dailysabah.com", side="Turkey"),
    _k("Magyar Nemzet", STATE, "magyarnemzet.hu", side="Hungary"),
    _k("Remix News", STATE, "rmx.news", side="Hungary"),
    _k("National Herald", PARTY, "nationalheraldindia.com", side="Indian National Congress"),
    _k("The Stand", PARTY, "thestand.org", side="UAW"),
    _k("Radicali.it (Italian Radical Party)", PARTY, "radicali.it", side="Italian Radical Party"),
    # --- unverified: aggregators and small or unknown sites ---------------------------------
    _k("Newser", AGGREGATOR, "newser.com"),
    _k("Ground News", AGGREGATOR, "ground.news"),
    _k("MENAFN", AGGREGATOR, "menafn.com"),
    _k("Devdiscourse", AGGREGATOR, "devdiscourse.com"),
    _k("ArcaMax", AGGREGATOR, "arcamax.com"),
    _k("localnewswave.com", AGGREGATOR, "localnewswave.com"),
    _k("lnginnorthernbc.ca", AGGREGATOR, "lnginnorthernbc.ca"),
    _k("americaage.com", AGGREGATOR, "americaage.com"),
    _k("naslovi.net", AGGREGATOR, "naslovi.net"),
    _k("archive.is", AGGREGATOR, "archive.is", "archive.ph", "archive.today"),
    _k("EuroToday", AGGREGATOR, "eurotoday.org"),
    _k("europesays.com", AGGREGATOR, "europesays.com"),
    _k("Particle News", AGGREGATOR, "particlenews.pages.dev"),
    _k("MEAWW", AGGREGATOR, "meaww.com"),
    _k("UAWire", AGGREGATOR, "uawire.azurewebsites.net", "uawire.org"),
    _k("prologue.edu.au", SMALL, "prologue.edu.au"),
    _k("mts.kg", SMALL, "mts.kg"),
    _k("statement.com", SMALL, "statement.com"),
    _k("govcondigest.com", SMALL, "govcondigest.com"),
    _k("actionreport.us", SMALL, "actionreport.us"),
    _k("rnamedia.in", SMALL, "rnamedia.in"),
    _k("dzwatch.dz", SMALL, "dzwatch.dz"),
    _k("globalpulseonline.com", SMALL, "globalpulseonline.com"),
    _k("evrimagaci.org", SMALL, "evrimagaci.org"),
    _k("alexa.ng", SMALL, "alexa.ng"),
    _k("troib.com", SMALL, "troib.com"),
    _k("phnewlook.com", SMALL, "phnewlook.com"),
    _k("newsavenue24.com", SMALL, "newsavenue24.com"),
    _k("allthe.news", SMALL, "allthe.news"),
    _k("atlantisthemes.com", SMALL, "atlantisthemes.com"),
    _k("atlaspress.news", SMALL, "atlaspress.news"),
    _k("balans66.ru", SMALL, "balans66.ru"),
    _k("benborges.xyz", SMALL, "benborges.xyz"),
    _k("bvi.org", SMALL, "bvi.org"),
    _k("capitalpost.uk", SMALL, "capitalpost.uk"),
    _k("crisis.zone", SMALL, "crisis.zone"),
    _k("collector.com.tr", SMALL, "collector.com.tr"),
    _k("deccanmirror.com", SMALL, "deccanmirror.com"),
    _k("kudupinter.com", SMALL, "kudupinter.com"),
    _k("metroscroll.com", SMALL, "metroscroll.com"),
    _k("myglobalnews.net", SMALL, "myglobalnews.net"),
    _k("ntnone.info", SMALL, "ntnone.info"),
    _k("squidsite02.com", SMALL, "squidsite02.com"),
    _k("ubn.news", SMALL, "ubn.news"),
    _k("uanews.net", SMALL, "uanews.net"),
    _k("5ch.net forum", SMALL, "5ch.net"),
    _k("The Iran Project", AGGREGATOR, "theiranproject.com"),
    _k("jawawa.id", SMALL, "jawawa.id"),
    _k("Politicit", SMALL, "politicit.com"),
    _k("Egypt Daily News", SMALL, "egyptdailynews.com"),
    _k("zmi.st", SMALL, "zmi.st"),
    _k("quews.news", SMALL, "quews.news"),
    _k("walaw.press", SMALL, "walaw.press"),
    _k("trcc.commnet.edu (unrelated college site)", SMALL, "trcc.commnet.edu"),
    # --- single pages whose original is known (the brief names it) --------------------------
    _k("Newser, Reuters copy of 16 Dec 2025", AGENCY, "newser.com/story/380417"),
)
