"""Moodle GIFT question files, read as Moodle reads them and written so Moodle reads them back."""
