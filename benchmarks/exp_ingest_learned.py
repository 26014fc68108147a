"""Does a learned sentence detector beside the rules raise precision and recall on articles
it was not trained on? Cross-validated on the development corpus.

Every annotated article of FOLDER (default tests/data/news) is ingested once as
``accord.ingest.evaluate`` does (the rules' items), and parsed once more to give each
sentence its features (``accord.ingest.learned``). Then, for each fold:

* leave one negotiation out (ukraine, trade, labour, climate, ceasefire: the prefix of the
  file name), and leave one writer's batch out (the nine batches that
  tests/data/news/README.md lists: the first 15, the second batch of 20, the second blind
  set of 14, the third of 13, the fourth to eighth of 12 each);
* thresholds (add a demand or threat at probability >= a; drop a rules item below d) are
  chosen on the training articles only, by an inner leave-one-group-out: each training
  article is scored by a model that never saw its group, and the thresholds that give the
  best F1 over all types on those scores are kept (a tie keeps the rules alone);
* a model trained on all training articles scores the held-out articles; the extractor's
  items with and without the detector are matched with ``accord.ingest.evaluate.match``
  and ``attribute``: precision, recall and F1 per type and over all, holder accuracy and
  polarity reversals.

No random draw is made (the model starts from zero, features are hashed with CRC-32), so a
second run prints the same table.

    .venv/bin/python benchmarks/exp_ingest_learned.py [FOLDER] [--l2 X] [--iterations N]
        [--parts add,drop] [--json PATH] [--test HELD_OUT_FOLDER]

With ``--test``, no folds: the detector is trained on all of FOLDER and scored once on the
held-out folder, beside the rules alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from accord.ingest.evaluate import SCORED, Attribution, attribute
from accord.ingest.evidence import Evidence
from accord.ingest.learned import ADDS, TYPES, combine, fit_types, predict
from accord.ingest.training import (
    Prepared,
    choose,
    counts,
    f1,
    out_of_group,
    prepare,
)

DEVELOPMENT = Path(__file__).resolve().parent.parent / "tests" / "data" / "news"

#: The writers' batches, as tests/data/news/README.md lists them (by annotation name).
BATCHES: dict[str, list[str]] = {
    "first 15": [
        "ukraine-geneva",
        "ukraine-kremlin",
        "ukraine-residence",
        "ukraine-assets",
        "trade-tariffs",
        "trade-nickel",
        "labour-strike",
        "labour-deal",
        "climate-deal",
        "climate-finance",
        "ceasefire-talks",
        "ceasefire-collapse",
        "ukraine-berlin",
        "trade-palm",
        "labour-nurses",
    ],
    "second batch": [
        "ukraine-kremlin-wire",
        "ukraine-twenty-points",
        "ukraine-geneva-html",
        "trade-briefing",
        "labour-liveblog",
        "climate-feature",
        "ceasefire-explainer",
        "ceasefire-wire",
        "ukraine-bishkek-wire",
        "ukraine-elections-analysis",
        "ukraine-liveblog",
        "ukraine-assets-explainer",
        "ukraine-miami",
        "trade-wire",
        "trade-round",
        "labour-mediator-briefing",
        "labour-vote-analysis",
        "climate-liveblog",
        "climate-aftermath",
        "ceasefire-feature",
    ],
    "second blind": [
        "ukraine-thanksgiving-wire",
        "ukraine-guarantees-analysis",
        "ukraine-maralago-liveblog",
        "ukraine-openpoints-explainer",
        "ukraine-fivehours",
        "ukraine-euroclear-feature",
        "trade-quota-wire",
        "trade-smallholders-feature",
        "labour-cranes-briefing",
        "labour-ballot",
        "climate-blocs-analysis",
        "climate-nightdraft-liveblog",
        "ceasefire-corridor-wire",
        "ceasefire-detainees-explainer",
    ],
    "third blind": [
        "ukraine-spree-wire",
        "ukraine-ballot-html",
        "ukraine-palmbeach-liveblog",
        "ukraine-reserves-analysis",
        "ukraine-redraft-explainer",
        "trade-morowali-feature",
        "trade-dumping-wire",
        "labour-nightshift-briefing",
        "labour-gates-html",
        "climate-ministerial-liveblog",
        "climate-payers-analysis",
        "ceasefire-riverbank-feature",
        "ceasefire-monitors-explainer",
    ],
    "fourth blind": [
        "ukraine-harbourline-wire",
        "ukraine-enerhodar-feature",
        "ukraine-miami-html",
        "ukraine-moscow-liveblog",
        "ukraine-northlight-brief",
        "trade-quota-analysis",
        "trade-smallholders-explainer",
        "labour-cranes-html",
        "labour-deadline-wire",
        "climate-lisbon-transcript",
        "climate-atoll-feature",
        "ceasefire-addis-analysis",
    ],
    "fifth blind": [
        "ceasefire-ferry-feature",
        "climate-apia-transcript",
        "climate-levy-wire",
        "labour-pensionfund-html",
        "labour-retraining-wire",
        "trade-ceiling-analysis",
        "trade-traceability-explainer",
        "ukraine-abudhabi-wire",
        "ukraine-amnesty-explainer",
        "ukraine-kremlinweek-transcript",
        "ukraine-reassurance-liveblog",
        "ukraine-zaporizhzhia-html",
    ],
    "sixth blind": [
        "ceasefire-mediator-hour-transcript",
        "ceasefire-oshe-corridor-wire",
        "climate-cartagena-money-explainer",
        "labour-floorandceiling-liveblog",
        "labour-gantry-offer-html",
        "trade-furnacetown-feature",
        "trade-quotaoffer-transcript",
        "ukraine-christmastext-analysis",
        "ukraine-everypoint-wire",
        "ukraine-geneva-week-liveblog",
        "ukraine-senateoffer-html",
        "ukraine-sloviansk-zone-feature",
    ],
    "seventh blind": [
        "ceasefire-bridgeheads-feature",
        "ceasefire-kessabridge-html",
        "climate-floorsandceilings-analysis",
        "climate-montevideo-finance-liveblog",
        "labour-okafor-paper-transcript",
        "labour-piernine-analysis",
        "trade-brussels-quota-html",
        "trade-quotaopening-wire",
        "ukraine-berlin-guarantees-wire",
        "ukraine-kremlinnight-liveblog",
        "ukraine-openpoints-radio-transcript",
        "ukraine-percentages-explainer",
    ],
    "eighth blind": [
        "ceasefire-arusha-twodays-liveblog",
        "ceasefire-lusakapaper-explainer",
        "climate-nairobi-floor-html",
        "climate-valencia-briefing-transcript",
        "labour-gantryseven-feature",
        "labour-strikevote-wire",
        "trade-jakartaround-liveblog",
        "trade-quotaclock-analysis",
        "ukraine-berlin-pledge-html",
        "ukraine-openitems-analysis",
        "ukraine-reservoir-keys-feature",
        "ukraine-twoopenpoints-wire",
    ],
    "ninth blind": [
        "ceasefire-gaborone-paper-html",
        "ceasefire-kigalipaper-analysis",
        "climate-portvila-finance-transcript",
        "climate-roundingerror-wire",
        "labour-okafor-numbers-html",
        "labour-paperandgates-liveblog",
        "trade-nickelquestions-explainer",
        "trade-weda-smelter-feature",
        "ukraine-kinburn-spit-feature",
        "ukraine-kremlintuesday-liveblog",
        "ukraine-maralago-spokesperson-transcript",
        "ukraine-plantandland-explainer",
    ],
    "tenth blind": [
        "ceasefire-marubo-questions-explainer",
        "ceasefire-marulaweek-briefing-transcript",
        "climate-vallettapaper-finance-html",
        "climate-whopays-gap-analysis",
        "labour-cranesandcheckers-wire",
        "labour-gantrynight-blockquotes-feature",
        "trade-batamround-quotadate-liveblog",
        "trade-quotaceiling-radio-transcript",
        "ukraine-ballotconditions-html",
        "ukraine-kremlinfivehours-rutte-wire",
        "ukraine-pointfourteen-analysis",
        "ukraine-twoopenitems-radio-transcript",
    ],
    "eleventh blind": [
        "ceasefire-maputo-observers-wire",
        "ceasefire-maseru-observers-html",
        "climate-funchal-finalday-liveblog",
        "climate-nukualofa-seawall-feature",
        "labour-pensionprice-bulkhead-analysis",
        "labour-twochairs-radio-transcript",
        "trade-quotacap-brussels-wire",
        "trade-surabayaround-quotacondition-html",
        "ukraine-maralago-morningafter-briefing-transcript",
        "ukraine-shiftlog-nikopol-feature",
        "ukraine-twentypoints-christmas-liveblog",
        "ukraine-wishlists-explainer",
    ],
    "twelfth blind": [
        "ceasefire-dostline-radio-transcript",
        "ceasefire-windhoek-shoppinglist-analysis",
        "climate-bonnfinance-floorlist-wire",
        "climate-praia-aosisbriefing-transcript",
        "labour-okaforpaper-wednesday-liveblog",
        "labour-sixyearpay-questions-explainer",
        "trade-denpasar-quotaterms-html",
        "trade-pomalaa-smelterline-feature",
        "ukraine-kremlinenvoys-update-wire",
        "ukraine-lastten-twoguests-radio-transcript",
        "ukraine-plantandmap-questions-html",
        "ukraine-twodrafts-sidebyside-analysis",
    ],
    "thirteenth blind": [
        "ceasefire-entebbe-facetoface-liveblog",
        "ceasefire-lumoferry-blockquotes-feature",
        "climate-honiara-grantsnotloans-html",
        "climate-recife-serranodraft-questions-explainer",
        "labour-customshouse-paper-html",
        "labour-okaforpaper-hallbulletin-wire",
        "trade-brusselsround-jakartalist-analysis",
        "trade-makassar-quotastrings-radio-transcript",
        "ukraine-berlintwodays-guarantees-liveblog",
        "ukraine-marpostmortem-mfa-briefing-transcript",
        "ukraine-pointfourteen-residents-blockquote-feature",
        "ukraine-pointtwelve-sixquestions-explainer",
    ],
    "fourteenth blind": [
        "ceasefire-blantyre-mokoenapaper-html",
        "ceasefire-ndovubridge-presidency-briefing-transcript",
        "climate-bridgetown-floorandgap-wire",
        "climate-panamaministerial-islandslist-analysis",
        "labour-gangplank-stevedore-blockquotes-feature",
        "labour-twoquays-crossfire-radio-transcript",
        "trade-balikpapan-quotaoffer-newestfirst-liveblog",
        "trade-kendariround-sevenquestions-explainer",
        "ukraine-europefears-mediator-html",
        "ukraine-kremlinaftermath-vireo-wire",
        "ukraine-twentyfromtwentyeight-tollgate-analysis",
        "ukraine-willmoscowmove-radio-transcript",
    ],
    "fifteenth blind": [
        "ceasefire-mombasaround-sevenanswers-explainer",
        "ceasefire-orumaroad-conditions-wire",
        "climate-kingstown-trillionask-pullquote-html",
        "climate-walvisbay-floorsandfigures-radio-transcript",
        "labour-gatesandgangs-checklist-analysis",
        "labour-okafortabling-strikesunday-newestfirst-liveblog",
        "trade-bruxellesround-ministrybriefing-transcript",
        "trade-tanjungrewa-orequota-blockquotes-feature",
        "ukraine-berlinmiami-rollingweek-liveblog",
        "ukraine-e3rewrite-guarantees-blockquotes-feature",
        "ukraine-genevaaftermath-spokesperson-transcript",
        "ukraine-reactorandline-ourguess-explainer",
    ],
    "sixteenth blind": [
        "ceasefire-lomaribridge-blockquotes-captions-feature",
        "ceasefire-lubayaroad-twoguests-radio-transcript",
        "climate-dakar-serranopaper-newestfirst-liveblog",
        "climate-santiago-donorgroup-spokesman-briefing-transcript",
        "labour-breakfastoffer-pullquote-html",
        "labour-quayroad-paper-sevenquestions-explainer",
        "trade-semarang-jakartaasks-ourview-analysis",
        "trade-semarang-jakartalist-quotaopening-wire",
        "ukraine-leakedcall-kremlinevening-html",
        "ukraine-maralago-twoopenpoints-bittern-wire",
        "ukraine-reparationsloan-fallback-analysis",
        "ukraine-twocapitals-crosswind-radio-transcript",
    ],
    "seventeenth blind": [
        "ceasefire-kisumu-dostlist-assessment-analysis",
        "ceasefire-lilongwe-observersround-newestfirst-liveblog",
        "climate-capetown-serranodraft-ourguess-explainer",
        "climate-funafuti-runway-blockquotes-captions-feature",
        "labour-pierfour-ballot-lockout-wire",
        "labour-whitlock-briefing-transcript",
        "trade-jakartaround-pullquote-html",
        "trade-lombokround-hidayat-radio-transcript",
        "ukraine-enerhodar-dosimeter-blockquotes-captions-feature",
        "ukraine-genevatext-ourguess-explainer",
        "ukraine-kremlinweek-recap-liveblog",
        "ukraine-parisdeclaration-targets-wire",
    ],
    "eighteenth blind": [
        "ceasefire-livingstone-dostconditions-hornbill-wire",
        "ceasefire-stonetown-mbelusiege-pullquote-html",
        "climate-nadiministerial-hallstrom-spinnaker-radio-transcript",
        "climate-portlouis-trillionfloor-list-wire",
        "labour-piersix-strikeballot-blockquotes-captions-feature",
        "labour-tidalbasin-twodays-newestfirst-liveblog",
        "trade-kolonobaru-orequota-sampan-blockquotes-captions-feature",
        "trade-surakarta-quotafloor-ourguess-explainer",
        "ukraine-berlin-senateclock-parapet-html",
        "ukraine-donbasline-kremlinlist-ourview-analysis",
        "ukraine-kremlinmorning-kyivspokesperson-transcript",
        "ukraine-twentypoints-kyivbrussels-moorhen-radio-transcript",
    ],
    "nineteenth blind": [
        "ceasefire-dodomaround-mokoenapaper-ourguess-explainer",
        "ceasefire-tarsapodium-weeklybriefing-transcript",
        "climate-lautoka-islandsterms-ourreading-analysis",
        "climate-rarotonga-floorandpaper-blockquotes-captions-feature",
        "labour-customshouse-floorandgates-pullquote-html",
        "labour-quaysidestudio-marshkeller-floorandgates-radio-transcript",
        "trade-bogorround-ministryspokesperson-briefing-transcript",
        "trade-palembanground-orequota-newestfirst-liveblog",
        "ukraine-emptychair-mediatorexit-blockquotes-captions-feature",
        "ukraine-kremlinsession-moscowterms-greylag-wire",
        "ukraine-moneychapter-sevenanswers-ourguess-explainer",
        "ukraine-palaisround-revisedtext-newestfirst-recap-liveblog",
    ],
    "twentieth blind": [
        "ceasefire-kampalaround-ondekaroad-blockquotes-captions-feature",
        "ceasefire-nakurupaper-nyariswap-tamarisk-wire",
        "climate-marrakeshministerial-serranotext-pullquote",
        "climate-mindelo-bridgingtext-newestfirst-recap-liveblog",
        "labour-berthtwelve-kellerlist-bosun-wire",
        "labour-craneclause-bulletinlist-ourassessment-analysis",
        "trade-medanround-quotafigure-kemangi-radio-transcript",
        "trade-yogyakartaround-orefloor-ourguess-explainer",
        "ukraine-ballotandpardon-kyivconditions-millrace-analysis",
        "ukraine-envoylean-heathmoor-radio-transcript",
        "ukraine-kremlinsession-kyivpodium-dovetail-briefing-transcript",
        "ukraine-miamiround-prejudgedamendments-html",
    ],
    "twenty-first blind": [
        "ceasefire-bujumburaround-tavunicorridor-newestfirst-liveblog",
        "ceasefire-mwanzaround-frontlist-ourassessment-analysis",
        "climate-mombasa-lmdcpodium-floorsandbrackets-briefing-transcript",
        "climate-portmoresby-serranodraft-tuilagihallstrom-radio-transcript",
        "labour-okaforpaper-strikevote-sixanswers-ourguess-explainer",
        "labour-pierelevencranes-okaforpaper-blockquotes-captions-feature",
        "trade-jakartanovember-palmnote-quotaswap-jacana-wire",
        "trade-ternateround-orequota-pullquote-html",
        "ukraine-berlinsunday-senateoffer-newestfirst-recap-liveblog",
        "ukraine-genevaround-e3countertext-bullets-wire",
        "ukraine-reactorshare-pointtwelve-ourguess-explainer",
        "ukraine-vaultledger-ninetybillion-blockquotes-captions-feature",
    ],
    "twenty-second blind": [
        "ceasefire-mbabaneround-mokoenapaper-eightquestions-ourguess-explainer",
        "ceasefire-sabubridge-obenneroad-weaverbird-radio-transcript",
        "climate-bonn-bracketedfigures-numberedoptions-fathom-wire",
        "climate-majuro-islandsdelegation-floorceiling-blockquotes-captions-feature",
        "labour-pierninecranes-hallbulletin-ourassessment-caulker-analysis",
        "labour-quayroad-midnightdeadline-gatefour-liveblog",
        "trade-lelewa-manadoround-quotaceiling-blockquotes-captions-sidebar-feature",
        "trade-pekanbaruround-offerstable-eightquestions-ourguess-explainer",
        "ukraine-e3counter-capitals-merganser-wire",
        "ukraine-genevarevision-twentyeightpoints-dunlin-newestfirst-recap-liveblog",
        "ukraine-hallandale-territory-mfabriefing-transcript",
        "ukraine-kremlinfivehours-kremlinterms-gantline-html",
    ],
    "twenty-third blind": [
        "ceasefire-kiruvo-corridortown-avocet-blockquotes-captions-feature",
        "ceasefire-ruvanicrossing-swapday-oldestfirst-liveblog",
        "climate-maputonight-financefloor-newestfirst-recap-liveblog",
        "climate-suvadraft-floorceiling-flightshome-html",
        "labour-okaforfivepoints-scupper-numberedterms-wire",
        "labour-pierseven-employersbriefing-podium-transcript",
        "trade-bandunground-quotafloor-lontar-radio-transcript",
        "trade-cirebonround-roederterms-whimbrel-wire",
        "ukraine-envoyrole-emptychairfear-moscowbullets-marram-analysis",
        "ukraine-frozenreserves-eightquestions-almanack-ourguess-explainer",
        "ukraine-kramatorsk-redlines-armycap-blockquotes-captions-html",
        "ukraine-kremlinfivehours-amendments-redshank-radio-transcript",
    ],
    "twenty-fourth blind": [
        "ceasefire-hollobridge-aideandchair-radio-transcript",
        "ceasefire-kasaneround-frontsixpoints-trogon-wire",
        "climate-panamaround-islandfloor-alharbidenial-cassowary-wire",
        "climate-stellenbosch-serranopaper-fivequestions-mizzen-explainer",
        "labour-backpay-fridayvote-newestfirst-liveblog",
        "labour-customsquay-kellerterms-unionbullets-trunnion-html",
        "trade-batulora-shiftbus-blockquotes-caption-feature",
        "trade-paluround-jakartalist-columnview-lateen-analysis",
        "ukraine-draftledger-redlinecrossings-html",
        "ukraine-floridarewrite-whogains-threepanel-transcript",
        "ukraine-genevaround-europeanreply-causeway-oldestfirst-liveblog",
        "ukraine-kremlinenvoys-europeseat-pintail-wire",
    ],
    "twenty-fifth blind": [
        "ceasefire-jinjaround-tarsaconditions-sorrelgate-html",
        "ceasefire-mangochiround-kandelunch-newestfirst-liveblog",
        "climate-betio-seawall-tuilagifloor-blockquotes-caption-breadfruit-feature",
        "climate-koror-bridgingtext-flightshome-oldestfirst-liveblog",
        "labour-eastbasin-kelleroffer-fivepoints-kelpie-wire",
        "labour-pierfour-gantries-stewardandspokesperson-radio-transcript",
        "trade-kupanground-tradeministry-twelveceiling-briefing-transcript",
        "trade-malanground-dayclose-kelpwater-newestfirst-liveblog",
        "ukraine-bishkekkremlin-moscowlist-ourreading-analysis",
        "ukraine-druzhkivka-pointfourteen-bakeryqueue-blockquotes-captions-feature",
        "ukraine-guaranteesladder-sevenquestions-gimbal-ourguess-explainer",
        "ukraine-kremlinnight-twocorrespondents-quarrymoor-radio-transcript",
    ],
    "twenty-sixth blind": [
        "ceasefire-kitaleround-sixquestions-culvert-ourguess-explainer",
        "ceasefire-moraniford-convoydenial-swapday-wire",
        "climate-lomeministerial-serranobridge-oldestfirst-headlines-tidecount-liveblog",
        "climate-mahe-presidencypodium-dotterel-briefing-transcript",
        "labour-berthnineteen-kellerconditions-sectionheads-hawsepipe-analysis",
        "labour-berthsix-nightcranes-lanyard-blockquotes-caption-feature",
        "trade-padanground-eubullets-gabion-html",
        "trade-pontianakround-jakartaconditions-columnview-analysis",
        "ukraine-armycapandplant-formernegotiator-fieldfare-radio-transcript",
        "ukraine-berlinoffer-relayedwords-ptarmigan-wire",
        "ukraine-eusummit-frozenreserves-blockquotes-captions-counterweight-html",
        "ukraine-miamiweekend-twentypointreveal-brambling-newestfirst-liveblog",
    ],
}


@dataclass
class Figures:
    per_type: dict[str, Any]
    holder: tuple[int, int]
    reversals: int

    def all(self) -> Any:
        return sum(self.per_type.values())


def group_of(c: Prepared, group: str) -> str:
    if group == "negotiation":
        return c.negotiation
    return next((b for b, names in BATCHES.items() if c.name in names), "unlisted")


def figures(cases: list[Prepared], found: list[list[Evidence]]) -> Figures:
    per_type = {
        t.value: sum(
            (counts(f, c.expected, [t]) for c, f in zip(cases, found, strict=True)),
            start=np.zeros(3, int),
        )
        for t in SCORED
    }
    tally = Attribution()
    for c, f in zip(cases, found, strict=True):
        attribute(f, c.expected, tally, c.name, c.text)
    return Figures(per_type, (tally.holder.right, tally.holder.scored), len(tally.reversals))


def pr(c: Any) -> str:
    p = c[2] / c[0] if c[0] else 1.0
    r = c[2] / c[1] if c[1] else 1.0
    return f"{p:.2f} / {r:.2f}"


def run_folds(
    cases: list[Prepared], group: str, l2: float, iterations: int, parts: list[str]
) -> list[dict[str, Any]]:
    return [
        held_out_row(
            [c for c in cases if group_of(c, group) != g],
            [c for c in cases if group_of(c, group) == g],
            l2,
            iterations,
            parts,
            group=group,
            name=g,
        )
        for g in sorted({group_of(c, group) for c in cases})
    ]


def held_out_row(
    train: list[Prepared],
    test: list[Prepared],
    l2: float,
    iterations: int,
    parts: list[str],
    group: str = "negotiation",
    name: str = "test",
) -> dict[str, Any]:
    """One row: thresholds chosen on ``train`` leaving one ``group`` out at a time, weights
    fitted on all of ``train``, both scored on ``test``."""
    groups = [group_of(c, group) for c in train]
    th = choose(train, out_of_group(train, groups, l2, iterations), parts)
    w = fit_types([c.table for c in train], [c.labels for c in train], l2, iterations)
    learned = [
        combine(c.rules, c.table, predict(c.table.indptr, c.table.cols, w), c.added, th)
        for c in test
    ]
    before = figures(test, [c.rules for c in test])
    return {"held out": name, "thresholds": th, "before": before, "after": figures(test, learned)}


def report(title: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    print(f"\n{title}\n")
    print(
        "| held out | rules P / R | F1 | + learned P / R | F1 | holder before / after "
        "| reversals before / after | demand R before / after | thresholds |"
    )
    print("|---|---|---:|---|---:|---|---|---|---|")
    total_b = Figures({}, (0, 0), 0)
    out = []
    sums: dict[str, Any] = {"before": None, "after": None}
    for r in rows:
        b, a = r["before"], r["after"]
        th = r["thresholds"]
        ths = (
            ", ".join(
                [f"add {n} ≥ {th.add[n]:.2f}" for n in ADDS if th.add[n] <= 1]
                + [f"drop {n} < {th.drop[n]:.2f}" for n in TYPES if th.drop[n] > 0]
            )
            or "rules alone"
        )
        print(
            f"| {r['held out']} | {pr(b.all())} | {f1(b.all()):.3f} | {pr(a.all())} | "
            f"{f1(a.all()):.3f} | {b.holder[0] / max(b.holder[1], 1):.2f} / "
            f"{a.holder[0] / max(a.holder[1], 1):.2f} | {b.reversals} / {a.reversals} | "
            f"{pr(b.per_type['demand']).split(' / ')[1]} / "
            f"{pr(a.per_type['demand']).split(' / ')[1]} | {ths} |"
        )
        for key in ("before", "after"):
            fig = r[key]
            if sums[key] is None:
                sums[key] = Figures({k: v.copy() for k, v in fig.per_type.items()}, fig.holder, 0)
            else:
                for k, v in fig.per_type.items():
                    sums[key].per_type[k] = sums[key].per_type[k] + v
                h = sums[key].holder
                sums[key].holder = (h[0] + fig.holder[0], h[1] + fig.holder[1])
            sums[key].reversals += fig.reversals
        out.append(
            {
                "held_out": r["held out"],
                "thresholds": {"add": th.add, "drop": th.drop},
                **{
                    key: {
                        "per_type": {k: v.tolist() for k, v in r[key].per_type.items()},
                        "holder": list(r[key].holder),
                        "reversals": r[key].reversals,
                        "f1": f1(r[key].all()),
                    }
                    for key in ("before", "after")
                },
            }
        )
    b, a = sums["before"], sums["after"]
    del total_b
    print(
        f"| **all folds** | {pr(b.all())} | {f1(b.all()):.3f} | {pr(a.all())} | "
        f"{f1(a.all()):.3f} | {b.holder[0] / max(b.holder[1], 1):.2f} / "
        f"{a.holder[0] / max(a.holder[1], 1):.2f} | {b.reversals} / {a.reversals} | "
        f"{pr(b.per_type['demand']).split(' / ')[1]} / "
        f"{pr(a.per_type['demand']).split(' / ')[1]} | |"
    )
    print("\nper type over all folds (found, expected, matched -> P / R):\n")
    print("| type | rules P / R | + learned P / R |")
    print("|---|---|---|")
    for k in b.per_type:
        print(f"| {k} | {pr(b.per_type[k])} | {pr(a.per_type[k])} |")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEVELOPMENT)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--iterations", type=int, default=400)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--parts", default="add,drop", help="what the detector may do: add, drop or add,drop"
    )
    ap.add_argument(
        "--test",
        type=Path,
        default=None,
        help="a folder of articles never trained on: the detector trained on all of FOLDER "
        "(thresholds by leave-one-negotiation-out within it) is scored there, once",
    )
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"{args.folder}: not a folder of annotated articles (*.expected.yaml)")
    parts = args.parts.split(",")
    if not parts or any(p not in {"add", "drop"} for p in parts):
        sys.exit(f"--parts {args.parts}: give add, drop or add,drop")
    t0 = time.perf_counter()
    cases = prepare(args.folder)
    t1 = time.perf_counter()
    print(
        f"{len(cases)} articles, {sum(c.table.n for c in cases)} sentences, parsed in "
        f"{t1 - t0:.1f} s; l2 = {args.l2}, {args.iterations} iterations, detector may "
        f"{' and '.join(parts)}; no random draw"
    )
    result: dict[str, Any] = {"l2": args.l2, "iterations": args.iterations, "parts": parts}
    if args.test is not None:
        if not args.test.is_dir():
            sys.exit(f"{args.test}: not a folder of annotated articles (*.expected.yaml)")
        result["test"] = report(
            f"Trained on all of {args.folder}, scored on {args.test}",
            [held_out_row(cases, prepare(args.test), args.l2, args.iterations, parts)],
        )
        if args.json:
            args.json.write_text(json.dumps(result, indent=1, default=float))
        return
    unlisted = [c.name for c in cases if group_of(c, "batch") == "unlisted"]
    result["negotiation"] = report(
        "Leave one negotiation out",
        run_folds(cases, "negotiation", args.l2, args.iterations, parts),
    )
    if unlisted:
        print(f"\n(writer batches skipped: {len(unlisted)} articles not in the README's lists)")
    else:
        result["batch"] = report(
            "Leave one writer's batch out",
            run_folds(cases, "batch", args.l2, args.iterations, parts),
        )
    print(f"\n{time.perf_counter() - t1:.1f} s for the folds")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=float))


if __name__ == "__main__":
    main()
