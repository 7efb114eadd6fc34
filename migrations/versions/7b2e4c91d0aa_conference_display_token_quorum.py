"""conferences.display_token_hash and conferences.quorum: the Saalanzeige link, the quorum rule

Revision ID: 7b2e4c91d0aa
Revises: 7b2e5c91d4a3
Create Date: 2026-12-03 17:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b2e4c91d0aa'
down_revision = '7b2e5c91d4a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('quorum', sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint('uq_conferences_display_token_hash',
                                          ['display_token_hash'])


def downgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_constraint('uq_conferences_display_token_hash', type_='unique')
        batch_op.drop_column('quorum')
        batch_op.drop_column('display_token_hash')
