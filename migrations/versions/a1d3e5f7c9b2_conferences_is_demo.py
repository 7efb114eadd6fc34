"""conferences.is_demo: the demo conference beside real ones (never the current one while a
real conference exists; the only one the chair may remove)

Revision ID: a1d3e5f7c9b2
Revises: 3c1f0a7d2b94
Create Date: 2026-12-03 17:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1d3e5f7c9b2'
down_revision = '3c1f0a7d2b94'
branch_labels = None
depends_on = None

DEMO_TITLE = "Kreisparteitag Musterstadt (Demo)"


def upgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.execute(sa.text("UPDATE conferences SET is_demo = :yes WHERE title = :title")
               .bindparams(yes=True, title=DEMO_TITLE))


def downgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('is_demo')
