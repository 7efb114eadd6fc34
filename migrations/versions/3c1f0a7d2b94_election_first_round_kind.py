"""elections.first_round_kind: the chair's choice of first round under a women-first quota

Revision ID: 3c1f0a7d2b94
Revises: 9ef6347adc70
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1f0a7d2b94'
down_revision = '9ef6347adc70'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_round_kind', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.drop_column('first_round_kind')
