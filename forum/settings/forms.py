from flask_babel import lazy_gettext
from wtforms import RadioField, SelectField, SubmitField

from forum import preferences
from forum.forms import Form


class SettingsForm(Form):
    time_zone = SelectField(lazy_gettext("Your time zone"), validate_choice=True)
    country = SelectField(lazy_gettext("Your country"))
    language = RadioField(lazy_gettext("Language"), choices=list(preferences.LANGUAGES.items()))
    save = SubmitField(lazy_gettext("Save"))
    forget = SubmitField(lazy_gettext("Forget my settings"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: zone groups lead with the ones members use most, countries are named in the reader's language.
        self.time_zone.choices = {region: [(zone, preferences.zone_label(zone)) for zone in zones]
                                  for region, zones in preferences.zone_groups()}
        self.country.choices = [("", lazy_gettext("Choose a country")), *preferences.country_choices()]

    def choice(self) -> preferences.Preferences:
        if self.forget.data:
            return preferences.Preferences()
        return preferences.Preferences(time_zone=self.time_zone.data, country=self.country.data or None,
                                       language=self.language.data)
