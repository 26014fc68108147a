"""The result of :func:`accord.api.trades`: exchanges of concessions across issues that both
sides of each exchange gain by (``accord trades``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.model import Scenario
from accord.results.base import Result
from accord.results.scenario import UTILITY_ASSUMES

if TYPE_CHECKING:
    from accord.analysis.trades import TradeSequence


@dataclass(frozen=True, repr=False)
class Trades(Result):
    """A sequence of trades from a starting package, and the trades open from it per pair.

    Attributes:
        scenario: The scenario traded over (under the BATNA view).
        sequence: The library's record (``trades``, ``packages``, ``utilities``, ``pairs``,
            ``stopped``).
        batna: The BATNA view used.
        top: Trades per pair the JSON document lists (``--top``).
    """

    scenario: Scenario
    sequence: TradeSequence
    batna: str = "perceived"
    top: int = 3

    kind = "trades across issues that both sides gain by"
    columns = ("trade", "giver", "gives_issue", "gives", "receiver", "gets_issue", "gets",
               "giver_gain", "receiver_gain")  # fmt: skip

    @property
    def trades(self) -> tuple[Any, ...]:
        """The trades made, in order (each with ``giver``, ``gives``, ``receiver``, ``gets``,
        ``gain``).

        Example:
            >>> from accord.api import EXAMPLE, trades
            >>> len(trades(EXAMPLE).trades)
            0
        """
        return self.sequence.trades

    @property
    def package(self) -> dict[str, object]:
        """The package at the end of the sequence, issue to setting.

        Example:
            >>> from accord.api import EXAMPLE, trades
            >>> trades(EXAMPLE, source="opening").package
            {'wage': 3.0, 'tiers': 'keep'}
        """
        return dict(self.sequence.package)

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord trades SCENARIO --json`` (with ``--top`` of :attr:`top`).

        Example:
            >>> from accord.api import EXAMPLE, trades
            >>> trades(EXAMPLE).to_dict()["batna"]
            'perceived'
        """
        return {**self.sequence.to_dict(self.top), "batna": self.batna}

    def rows(self) -> list[dict[str, Any]]:
        """The trades made, one row each: who yields what to whom, and each side's gain.

        Example:
            >>> from accord.api import EXAMPLE, trades
            >>> trades(EXAMPLE).rows()
            []
        """
        return [
            {
                "trade": n,
                "giver": t.giver,
                "gives_issue": t.gives[0],
                "gives": t.gives[1],
                "receiver": t.receiver,
                "gets_issue": t.gets[0],
                "gets": t.gets[1],
                "giver_gain": t.gain[t.giver],
                "receiver_gain": t.gain[t.receiver],
            }
            for n, t in enumerate(self.sequence.trades, 1)
        ]

    def headline(self) -> list[str]:
        r = self.sequence
        many = "trade" if len(r.trades) == 1 else "trades"
        return [
            f"'{r.scenario_id}', parties {', '.join(r.parties)}",
            f"{len(r.trades)} {many}; stopped: {r.stopped}",
        ]

    def assumes(self) -> list[str]:
        from accord.analysis.trades import ASSUMPTIONS

        return [
            UTILITY_ASSUMES,
            *ASSUMPTIONS,
            f"a trade may cost a party outside it at most {self.sequence.tolerance:g} and may "
            "not newly cross a party's red line; exact over the outcome space's grid",
            f"BATNAs as {self.batna}",
        ]
