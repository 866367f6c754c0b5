"""Initial schema: organisation, people registers, projects, activities and finance.

Money, rates and quantities are whole numbers of their smallest unit (BIGINT): cents for money,
1e-8 for rates, thousandths for quantities and hours (see cso_desktop.db.base.ScaledDecimal).

Revision ID: 0001
Revises:
Create Date: 2026-11-28 03:29:16.990696
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "manager",
                "caseworker",
                "data_entry",
                "viewer",
                name="userrole",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("password_hash", sa.String(length=300), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "exchange_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False, comment="first day of the month"),
        sa.Column("from_currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=True, comment="e.g. InforEuro, CBAR"),
        sa.CheckConstraint("rate > 0", name=op.f("ck_exchange_rate_rate_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rate")),
        sa.UniqueConstraint("month", "from_currency", "to_currency", name="uq_exchange_rate_month"),
    )
    op.create_table(
        "household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("head_id", sa.Integer(), nullable=True),
        sa.Column("rayon_code", sa.String(length=10), nullable=True),
        sa.Column("settlement", sa.String(length=100), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household")),
        sa.UniqueConstraint("code", name=op.f("uq_household_code")),
    )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_household_rayon_code"), ["rayon_code"], unique=False)

    op.create_table(
        "member_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("annual_fee", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_category")),
        sa.UniqueConstraint("name", name=op.f("uq_member_category_name")),
    )
    op.create_table(
        "org_setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_org_setting")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("short_name", sa.String(length=100), nullable=True),
        sa.Column("legal_form", sa.String(length=100), nullable=True),
        sa.Column("registration_number", sa.String(length=50), nullable=True),
        sa.Column("tax_id", sa.String(length=20), nullable=True, comment="VÖEN, 10 digits"),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("rayon_code", sa.String(length=10), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=200), nullable=True),
        sa.Column("iati_identifier", sa.String(length=100), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_mime", sa.String(length=50), nullable=True),
        sa.Column("default_currency", sa.String(length=3), nullable=False),
        sa.Column("fiscal_year_start_month", sa.SmallInteger(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "fiscal_year_start_month BETWEEN 1 AND 12", name=op.f("ck_organisation_fiscal_month")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "donor_kind",
            sa.Enum(
                "eu",
                "ifrc",
                "national_society",
                "government",
                "own_funds",
                "other",
                name="donorkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("donor_name", sa.String(length=200), nullable=False),
        sa.Column(
            "donor_reference", sa.String(length=100), nullable=True, comment="contract number"
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pipeline",
                "implementation",
                "finalisation",
                "closed",
                "cancelled",
                "suspended",
                name="projectstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("go_sector", sa.String(length=100), nullable=True, comment="IFRC GO sector"),
        sa.Column(
            "dac_sector_code", sa.String(length=5), nullable=True, comment="IATI Sector (DAC 5)"
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "indirect_cost_rate",
            sa.BigInteger(),
            nullable=True,
            comment="share, e.g. 0.07",
        ),
        sa.Column("contingency_rate", sa.BigInteger(), nullable=True),
        sa.Column("reallocation_threshold", sa.BigInteger(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_project_date_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("code", name=op.f("uq_project_code")),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("skill", "language", name="tagkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("kind", "name", name="uq_tag_kind_name"),
    )
    op.create_table(
        "volunteer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_no", sa.String(length=30), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("patronymic", sa.String(length=100), nullable=True),
        sa.Column(
            "sex",
            sa.Enum("female", "male", "other", "unknown", name="sex", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("rayon_code", sa.String(length=10), nullable=True),
        sa.Column("settlement", sa.String(length=100), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active", "inactive", "left", name="volunteerstatus", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("emergency_contact", sa.String(length=200), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer")),
        sa.UniqueConstraint("volunteer_no", name=op.f("uq_volunteer_volunteer_no")),
    )
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.create_index("ix_volunteer_name", ["last_name", "first_name"], unique=False)
        batch_op.create_index("ix_volunteer_status", ["archived", "status"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "user_name", sa.String(length=200), nullable=True, comment="kept if the user is deleted"
        ),
        sa.Column(
            "action",
            sa.Enum(
                "create",
                "update",
                "archive",
                "erase",
                "export",
                "view",
                "import",
                "migrate",
                name="auditaction",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_audit_log_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "beneficiary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_no", sa.String(length=30), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column(
            "relation_to_head",
            sa.Enum(
                "head",
                "spouse",
                "child",
                "parent",
                "sibling",
                "grandchild",
                "other_relative",
                "non_relative",
                name="householdrelation",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("patronymic", sa.String(length=100), nullable=True),
        sa.Column(
            "sex",
            sa.Enum("female", "male", "other", "unknown", name="sex", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("estimated_age", sa.SmallInteger(), nullable=True),
        sa.Column("age_estimated_on", sa.Date(), nullable=True),
        sa.Column("wg_seeing", sa.SmallInteger(), nullable=True),
        sa.Column("wg_hearing", sa.SmallInteger(), nullable=True),
        sa.Column("wg_walking", sa.SmallInteger(), nullable=True),
        sa.Column("wg_remembering", sa.SmallInteger(), nullable=True),
        sa.Column("wg_selfcare", sa.SmallInteger(), nullable=True),
        sa.Column("wg_communicating", sa.SmallInteger(), nullable=True),
        sa.Column(
            "has_disability",
            sa.Boolean(),
            nullable=True,
            comment="derived from the WG answers (any 3 or 4), stored for aggregation",
        ),
        sa.Column(
            "displacement_status",
            sa.Enum(
                "idp",
                "refugee",
                "returnee",
                "host",
                "none",
                name="displacementstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("origin_rayon_code", sa.String(length=10), nullable=True),
        sa.Column("rayon_code", sa.String(length=10), nullable=True),
        sa.Column("settlement", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("national_id", sa.String(length=20), nullable=True, comment="FİN, 7 characters"),
        sa.Column("is_anonymous", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "estimated_age BETWEEN 0 AND 120", name=op.f("ck_beneficiary_estimated_age_range")
        ),
        sa.CheckConstraint(
            "wg_communicating BETWEEN 1 AND 4", name=op.f("ck_beneficiary_wg_communicating_range")
        ),
        sa.CheckConstraint(
            "wg_hearing BETWEEN 1 AND 4", name=op.f("ck_beneficiary_wg_hearing_range")
        ),
        sa.CheckConstraint(
            "wg_remembering BETWEEN 1 AND 4", name=op.f("ck_beneficiary_wg_remembering_range")
        ),
        sa.CheckConstraint(
            "wg_seeing BETWEEN 1 AND 4", name=op.f("ck_beneficiary_wg_seeing_range")
        ),
        sa.CheckConstraint(
            "wg_selfcare BETWEEN 1 AND 4", name=op.f("ck_beneficiary_wg_selfcare_range")
        ),
        sa.CheckConstraint(
            "wg_walking BETWEEN 1 AND 4", name=op.f("ck_beneficiary_wg_walking_range")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_beneficiary_household_id_household"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_beneficiary")),
        sa.UniqueConstraint("registration_no", name=op.f("uq_beneficiary_registration_no")),
    )
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        batch_op.create_index("ix_beneficiary_archived", ["archived", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_beneficiary_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index("ix_beneficiary_name", ["last_name", "first_name"], unique=False)
        batch_op.create_index("ix_beneficiary_national_id", ["national_id"], unique=False)
        batch_op.create_index("ix_beneficiary_phone", ["phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_beneficiary_rayon_code"), ["rayon_code"], unique=False)
        batch_op.create_index("ix_beneficiary_registered_on", ["registered_on"], unique=False)

    # The household head refers forward to beneficiary, so its key is added once both exist.
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_household_head_id_beneficiary",
            "beneficiary",
            ["head_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=20), nullable=False),
        sa.Column("heading_title", sa.String(length=200), nullable=True),
        sa.Column("line_code", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("base_total", sa.BigInteger(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_budget_line_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
        sa.UniqueConstraint("project_id", "line_code", name="uq_budget_line_code"),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_project_id"), ["project_id"], unique=False)

    op.create_table(
        "logframe_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "impact", "outcome", "output", name="resultlevel", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("assumptions", sa.Text(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["logframe_result.id"],
            name=op.f("fk_logframe_result_parent_id_logframe_result"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_logframe_result_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_logframe_result")),
    )
    with op.batch_alter_table("logframe_result", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_logframe_result_parent_id"), ["parent_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_logframe_result_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_no", sa.String(length=30), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("patronymic", sa.String(length=100), nullable=True),
        sa.Column(
            "sex",
            sa.Enum("female", "male", "other", "unknown", name="sex", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("rayon_code", sa.String(length=10), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "suspended",
                "left",
                "deceased",
                name="memberstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("is_board_member", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["member_category.id"],
            name=op.f("fk_member_category_id_member_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("membership_no", name=op.f("uq_member_membership_no")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index("ix_member_name", ["last_name", "first_name"], unique=False)
        batch_op.create_index("ix_member_status", ["archived", "status"], unique=False)

    op.create_table(
        "project_location",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("rayon_code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_location_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "rayon_code", name=op.f("pk_project_location")),
    )
    op.create_table(
        "volunteer_availability",
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column(
            "weekday",
            sa.Enum(
                "mon",
                "tue",
                "wed",
                "thu",
                "fri",
                "sat",
                "sun",
                name="weekday",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "day_part",
            sa.Enum(
                "morning", "afternoon", "evening", name="daypart", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_availability_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "volunteer_id", "weekday", "day_part", name=op.f("pk_volunteer_availability")
        ),
    )
    op.create_table(
        "volunteer_insurance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("insurer", sa.String(length=200), nullable=False),
        sa.Column("policy_no", sa.String(length=50), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "valid_until >= valid_from", name=op.f("ck_volunteer_insurance_valid_range")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_insurance_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_insurance")),
    )
    with op.batch_alter_table("volunteer_insurance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_insurance_valid_until"), ["valid_until"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_volunteer_insurance_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "volunteer_tag",
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tag.id"], name=op.f("fk_volunteer_tag_tag_id_tag"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_tag_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("volunteer_id", "tag_id", name=op.f("pk_volunteer_tag")),
    )
    op.create_table(
        "volunteer_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "first_aid",
                "psychosocial",
                "protection",
                "data_protection",
                "disaster_response",
                "other",
                name="trainingkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("certificate_no", sa.String(length=50), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_training_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_training")),
    )
    with op.batch_alter_table("volunteer_training", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_training_expires_on"), ["expires_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_volunteer_training_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("output_id", sa.Integer(), nullable=True, comment="the output it serves"),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "activity_type",
            sa.Enum(
                "training",
                "awareness",
                "distribution",
                "cash_assistance",
                "livelihoods",
                "psychosocial",
                "health",
                "first_aid",
                "community_initiative",
                "other",
                name="activitytype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("rayon_code", sa.String(length=10), nullable=True),
        sa.Column("settlement", sa.String(length=100), nullable=True),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "ongoing",
                "completed",
                "cancelled",
                name="activitystatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("responsible", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["output_id"],
            ["logframe_result.id"],
            name=op.f("fk_activity_output_id_logframe_result"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_activity_project_id_project"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("code", name=op.f("uq_activity_code")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_rayon_code"), ["rayon_code"], unique=False)

    op.create_table(
        "beneficiary_vulnerability",
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column(
            "criterion",
            sa.Enum(
                "female_headed_household",
                "single_parent",
                "elderly_alone",
                "chronic_illness",
                "pregnant_lactating",
                "large_family",
                "low_income",
                "unemployed",
                "martyr_family",
                "war_veteran",
                "orphan",
                name="vulnerability",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_beneficiary_vulnerability_beneficiary_id_beneficiary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "beneficiary_id", "criterion", name=op.f("pk_beneficiary_vulnerability")
        ),
    )
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "registration",
                "services",
                "donor_reporting",
                "contact",
                "photos",
                name="consentpurpose",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "written",
                "verbal_witnessed",
                "electronic",
                "guardian",
                name="consentmethod",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_consent_beneficiary_id_beneficiary"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["app_user.id"],
            name=op.f("fk_consent_recorded_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_beneficiary_id"), ["beneficiary_id"], unique=False
        )

    op.create_table(
        "expense",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("payee", sa.String(length=200), nullable=False),
        sa.Column("receipt_no", sa.String(length=50), nullable=True),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "rate_to_project",
            sa.BigInteger(),
            nullable=False,
            comment="1 unit of currency = rate units of the project currency",
        ),
        sa.Column("over_budget_reason", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_expense_amount_positive")),
        sa.CheckConstraint("rate_to_project > 0", name=op.f("ck_expense_rate_positive")),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_line.id"],
            name=op.f("fk_expense_budget_line_id_budget_line"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_expense_project_id_project"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense")),
    )
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_expense_budget_line_id"), ["budget_line_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_expense_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expense_spent_on"), ["spent_on"], unique=False)

    op.create_table(
        "income",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "membership_fee",
                "donation",
                "grant_tranche",
                "service_income",
                "other",
                name="incomekind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_income_amount_positive")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_income_member_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_income_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_income")),
    )
    with op.batch_alter_table("income", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_income_received_on"), ["received_on"], unique=False)

    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("baseline_value", sa.BigInteger(), nullable=True),
        sa.Column("baseline_year", sa.SmallInteger(), nullable=True),
        sa.Column("target_value", sa.BigInteger(), nullable=True),
        sa.Column("target_year", sa.SmallInteger(), nullable=True),
        sa.Column("disaggregate_sex", sa.Boolean(), nullable=False),
        sa.Column("disaggregate_age", sa.Boolean(), nullable=False),
        sa.Column("disaggregate_disability", sa.Boolean(), nullable=False),
        sa.Column("means_of_verification", sa.Text(), nullable=True),
        sa.Column(
            "method",
            sa.Enum(
                "manual",
                "people_reached",
                "volunteer_hours",
                "sessions_held",
                name="indicatormethod",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "method_activity_type",
            sa.Enum(
                "training",
                "awareness",
                "distribution",
                "cash_assistance",
                "livelihoods",
                "psychosocial",
                "health",
                "first_aid",
                "community_initiative",
                "other",
                name="activitytype",
                native_enum=False,
                length=32,
            ),
            nullable=True,
            comment="for computed methods: count only this activity type",
        ),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["logframe_result.id"],
            name=op.f("fk_indicator_result_id_logframe_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_result_id"), ["result_id"], unique=False)

    op.create_table(
        "membership_fee_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("period_year", sa.SmallInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("receipt_no", sa.String(length=50), nullable=True),
        sa.CheckConstraint(
            "amount >= 0", name=op.f("ck_membership_fee_payment_amount_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_membership_fee_payment_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_fee_payment")),
    )
    with op.batch_alter_table("membership_fee_payment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_fee_payment_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column(
            "sex",
            sa.Enum("female", "male", "other", "unknown", name="sex", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("is_computed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_indicator_value_period_range")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint(
            "indicator_id", "period_start", "period_end", "sex", name="uq_indicator_value_period"
        ),
    )
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_value_indicator_id"), ["indicator_id"], unique=False
        )

    op.create_table(
        "service_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column(
            "service_type",
            sa.Enum(
                "cash_grant",
                "food_parcel",
                "hygiene_kit",
                "livelihood_kit",
                "training_session",
                "awareness_session",
                "psychosocial_session",
                "health_consultation",
                "first_aid_course",
                "referral",
                "other",
                name="servicetype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_service_delivery_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_service_delivery_activity_id_activity"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiary.id"],
            name=op.f("fk_service_delivery_beneficiary_id_beneficiary"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_delivery")),
    )
    with op.batch_alter_table("service_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_delivery_activity", ["activity_id", "delivered_on"], unique=False
        )
        batch_op.create_index(
            "ix_service_delivery_beneficiary", ["beneficiary_id", "delivered_on"], unique=False
        )
        batch_op.create_index(
            "ix_service_delivery_date", ["delivered_on", "beneficiary_id"], unique=False
        )

    op.create_table(
        "volunteer_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("worked_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "hours > 0 AND hours <= 24000", name=op.f("ck_volunteer_hours_hours_in_day")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_volunteer_hours_activity_id_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_volunteer_hours_volunteer_id_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_hours")),
    )
    with op.batch_alter_table("volunteer_hours", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_hours_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_volunteer_hours_volunteer_id"), ["volunteer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_volunteer_hours_worked_on"), ["worked_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_constraint("fk_household_head_id_beneficiary", type_="foreignkey")
    with op.batch_alter_table("volunteer_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_hours_worked_on"))
        batch_op.drop_index(batch_op.f("ix_volunteer_hours_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_hours_activity_id"))

    op.drop_table("volunteer_hours")
    with op.batch_alter_table("service_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_service_delivery_date")
        batch_op.drop_index("ix_service_delivery_beneficiary")
        batch_op.drop_index("ix_service_delivery_activity")

    op.drop_table("service_delivery")
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_indicator_id"))

    op.drop_table("indicator_value")
    with op.batch_alter_table("membership_fee_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_fee_payment_member_id"))

    op.drop_table("membership_fee_payment")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_result_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("income", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_income_received_on"))

    op.drop_table("income")
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_spent_on"))
        batch_op.drop_index(batch_op.f("ix_expense_project_id"))
        batch_op.drop_index(batch_op.f("ix_expense_budget_line_id"))

    op.drop_table("expense")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_beneficiary_id"))

    op.drop_table("consent")
    op.drop_table("beneficiary_vulnerability")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_rayon_code"))
        batch_op.drop_index(batch_op.f("ix_activity_project_id"))

    op.drop_table("activity")
    with op.batch_alter_table("volunteer_training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_training_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_training_expires_on"))

    op.drop_table("volunteer_training")
    op.drop_table("volunteer_tag")
    with op.batch_alter_table("volunteer_insurance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_insurance_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_insurance_valid_until"))

    op.drop_table("volunteer_insurance")
    op.drop_table("volunteer_availability")
    op.drop_table("project_location")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index("ix_member_status")
        batch_op.drop_index("ix_member_name")

    op.drop_table("member")
    with op.batch_alter_table("logframe_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_logframe_result_project_id"))
        batch_op.drop_index(batch_op.f("ix_logframe_result_parent_id"))

    op.drop_table("logframe_result")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_project_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        batch_op.drop_index("ix_beneficiary_registered_on")
        batch_op.drop_index(batch_op.f("ix_beneficiary_rayon_code"))
        batch_op.drop_index("ix_beneficiary_phone")
        batch_op.drop_index("ix_beneficiary_national_id")
        batch_op.drop_index("ix_beneficiary_name")
        batch_op.drop_index(batch_op.f("ix_beneficiary_household_id"))
        batch_op.drop_index("ix_beneficiary_archived")

    op.drop_table("beneficiary")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.drop_index("ix_volunteer_status")
        batch_op.drop_index("ix_volunteer_name")

    op.drop_table("volunteer")
    op.drop_table("tag")
    op.drop_table("project")
    op.drop_table("organisation")
    op.drop_table("org_setting")
    op.drop_table("member_category")
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_rayon_code"))

    op.drop_table("household")
    op.drop_table("exchange_rate")
    op.drop_table("app_user")
