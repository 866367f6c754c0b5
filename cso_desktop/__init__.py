"""CSO Desktop: members, volunteers, beneficiaries, activities and budget of a small CSO."""

__version__ = "0.1.0"
APP_NAME = "CSO Desktop"
APP_ID = "cso-desktop"
