"""issuances.channel and issuances.paper_replacement: paper ballots beside phones

A delegate gets either a credential (channel "phone") or a paper ballot (channel "paper") for
a poll; the primary key (poll, delegate) keeps it to one. ``paper_replacement`` marks a
credential the desk replaced by a paper ballot because it was lost with its browser.

Revision ID: c4f8a2d6e1b3
Revises: 7b2e4c91d0aa
Create Date: 2026-12-03 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f8a2d6e1b3'
down_revision = '7b2e4c91d0aa'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('issuances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=8), nullable=False,
                                      server_default='phone'))
        batch_op.add_column(sa.Column('paper_replacement', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('issuances', schema=None) as batch_op:
        batch_op.drop_column('paper_replacement')
        batch_op.drop_column('channel')
