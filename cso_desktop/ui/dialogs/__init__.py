"""The record editors (members, volunteers, beneficiaries); :mod:`.editors` is the entry point."""
