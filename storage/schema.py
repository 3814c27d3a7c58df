"""The database tables, in SQLAlchemy Core, identical on DuckDB and PostgreSQL.

Derived columns that the dashboard filters or groups on (local hour, weekday,
financial year, term time, age band, H3 cells, the strategy's measure flags) are
computed once at load, never per query.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("source_id", Integer, primary_key=True, autoincrement=False),
    Column("name", String, nullable=False, comment="Loader name, e.g. 'demo', 'police-uk-street'"),
    Column("is_synthetic", Boolean, nullable=False),
    Column("is_private", Boolean, nullable=False, default=False),
    Column("file_name", String, nullable=False),
    Column("sha256", String, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_loaded", Integer, nullable=False),
    Column("rows_duplicate", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("rows_replaced", Integer, comment="Rows of earlier loads this load replaced"),
    Column("data_from", Date),
    Column("data_to", Date),
    Column("loaded_at", DateTime(timezone=False), nullable=False, comment="UTC"),
    Column("note", Text),
)

# One row per victim of an incident: the strategy counts victims.
incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", String, nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("occurred_at", DateTime(timezone=False), comment="Europe/London local time"),
    Column("has_time", Boolean, nullable=False, comment="False for month-only records"),
    Column("occurred_on", Date, nullable=False),
    Column("month", Date, nullable=False, comment="First day of the month"),
    Column("financial_year", String(7), nullable=False, comment="April to March, e.g. 2017-18"),
    Column("weekday", Integer, nullable=False, comment="0 = Monday"),
    Column("hour", Integer, comment="Local hour 0-23; null without a time"),
    Column("term_time", Boolean, comment="School term day; null if unknown"),
    Column("offence_group", String, nullable=False),
    Column("weapon", String, nullable=False),
    Column("injury", Boolean, nullable=False),
    Column("domestic_abuse", Boolean, nullable=False),
    Column("victim_age", Integer),
    Column("age_band", String, nullable=False),
    Column("victim_sex", String, nullable=False),
    Column("victim_ethnicity", String, nullable=False, comment="Five ONS groups or Not stated"),
    Column("victim_ethnicity_detail", String),
    Column("location_type", String, nullable=False),
    Column("near_school", Boolean, nullable=False),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("h3_7", String),
    Column("h3_8", String),
    Column("h3_9", String),
    Column("area_code", String, comment="Ward or demo zone"),
    Column("lsoa_code", String),
    Column("is_serious_youth_violence", Boolean, nullable=False),
    Column("is_knife_injury", Boolean, nullable=False),
)
Index("ix_incidents_fy", incidents.c.financial_year)
Index("ix_incidents_month", incidents.c.month)

# police.uk stop and search, its own columns kept, derived ones added.
stop_search = Table(
    "stop_search",
    metadata,
    Column("search_id", String, nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("search_type", String),
    Column("occurred_at_utc", DateTime(timezone=False), nullable=False),
    Column("occurred_at", DateTime(timezone=False), nullable=False, comment="Europe/London"),
    Column("occurred_on", Date, nullable=False),
    Column("month", Date, nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("weekday", Integer, nullable=False),
    Column("hour", Integer, nullable=False),
    Column("term_time", Boolean),
    Column("part_of_operation", Boolean),
    Column("operation_name", String),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("h3_7", String),
    Column("h3_8", String),
    Column("h3_9", String),
    Column("area_code", String),
    Column("gender", String),
    Column("age_range", String, comment="police.uk band: under 10, 10-17, 18-24, 25-34, over 34"),
    Column("self_defined_ethnicity", String),
    Column("self_defined_ethnic_group", String, comment="Five ONS groups, normalised"),
    Column("officer_defined_ethnicity", String),
    Column("legislation", String),
    Column("object_of_search", String),
    Column("outcome", String),
    Column("outcome_linked_to_object", Boolean),
    Column("removal_of_outer_clothing", Boolean),
)

# police.uk street-level crime: month only, no victim, so never in the victim-based
# incidents table (it must not inflate the strategy's victim measures).
street_crimes = Table(
    "street_crimes",
    metadata,
    Column("crime_id", String, comment="police.uk Crime ID; blank for anti-social behaviour"),
    Column("source_id", Integer, nullable=False),
    Column("month", Date, nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("has_time", Boolean, nullable=False, comment="Always False: police.uk gives the month only"),
    Column("hour", Integer, comment="Always null: no time of day"),
    Column("reported_by", String, nullable=False),
    Column("falls_within", String),
    Column("crime_type", String, nullable=False),
    Column("last_outcome_category", String),
    Column("location", String),
    Column("context", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("h3_7", String),
    Column("h3_8", String),
    Column("h3_9", String),
    Column("lsoa_code", String),
    Column("lsoa_name", String),
    Column("area_code", String, comment="Ward containing the point, when wards are loaded"),
)
Index("ix_street_crimes_month", street_crimes.c.month)

# The Met's monthly crime dashboard (knife crime sheet): counts by borough or SNT.
knife_crime_counts = Table(
    "knife_crime_counts",
    metadata,
    Column("month", Date, nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("area_type", String, nullable=False, comment="Borough or Safer Neighbourhood Teams"),
    Column("borough", String, nullable=False),
    Column("area_name", String, nullable=False),
    Column("area_code", String),
    Column("crime_subtype", String, nullable=False, comment="e.g. Knife Injury Victims (1-24)"),
    Column("measure", String, nullable=False, comment="Offences or Positive Outcomes"),
    Column("count", Integer, nullable=False),
    Column("refresh_date", Date),
    Column("source_id", Integer, nullable=False),
)

# The Met's recorded crime counts by ward, LSOA or borough and month (MajorText/MinorText).
crime_counts = Table(
    "crime_counts",
    metadata,
    Column("month", Date, nullable=False),
    Column("financial_year", String(7), nullable=False),
    Column("level", String, nullable=False, comment="ward, lsoa or borough"),
    Column("borough", String, nullable=False),
    Column("area_name", String, nullable=False),
    Column("area_code", String),
    Column("major_text", String, nullable=False),
    Column("minor_text", String, nullable=False),
    Column("count", Integer, nullable=False),
    Column("source_id", Integer, nullable=False),
)

areas = Table(
    "areas",
    metadata,
    Column("area_code", String, nullable=False),
    Column("name", String, nullable=False),
    Column("level", String, nullable=False, comment="ward, lsoa, msoa, borough or demo-zone"),
    Column("scheme", String, nullable=False, comment="e.g. ward-2014, lsoa-2021"),
    Column("geometry_geojson", Text, nullable=False, comment="EPSG:4326"),
    Column("source_id", Integer, nullable=False),
)

schools = Table(
    "schools",
    metadata,
    Column("urn", String, nullable=False),
    Column("name", String, nullable=False),
    Column("phase", String),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("source_id", Integer, nullable=False),
)

population = Table(
    "population",
    metadata,
    Column("area_code", String, nullable=False),
    Column("year", Integer, nullable=False),
    Column("age_band", String, nullable=False),
    Column("sex", String, nullable=False),
    Column("ethnicity", String, nullable=False, comment="Five ONS groups, or All"),
    Column("population", Integer, nullable=False),
    Column("source_id", Integer, nullable=False),
)

indicator_values = Table(
    "indicator_values",
    metadata,
    Column("measure", String, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("period_label", String, nullable=False),
    Column("area_code", String, nullable=False),
    Column("value", Float, nullable=False),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("source_id", Integer, nullable=False),
)

rejects = Table(
    "rejects",
    metadata,
    Column("source_id", Integer, nullable=False),
    Column("file_name", String, nullable=False),
    Column("line", Integer, nullable=False),
    Column("column_name", String),
    Column("reason", Text, nullable=False),
    Column("raw", Text),
)
