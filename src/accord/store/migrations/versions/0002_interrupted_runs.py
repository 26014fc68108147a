"""runs: an 'interrupted' status, for runs the server stopped before they finished

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 20:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD = "status IN ('queued', 'running', 'done', 'failed')"
NEW = "status IN ('queued', 'running', 'done', 'failed', 'interrupted')"


def _status_check(condition: str) -> None:
    # Batch mode: SQLite cannot alter a constraint in place, so the table is copied.
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_runs_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_runs_status_known"), condition)


def upgrade() -> None:
    _status_check(NEW)


def downgrade() -> None:
    # The old constraint would refuse interrupted runs: they become failed ones.
    op.execute("UPDATE runs SET status = 'failed' WHERE status = 'interrupted'")
    _status_check(OLD)
