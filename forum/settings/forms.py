from wtforms import RadioField, SelectChoice, SelectField, SubmitField

from forum import preferences
from forum.forms import Form
from forum.i18n import lazy_gettext


class SettingsForm(Form):
    time_zone = SelectField(lazy_gettext("Your time zone"), validate_choice=True)
    country = SelectField(lazy_gettext("Your country"))
    language = RadioField(lazy_gettext("Language"),
                          choices=[SelectChoice(code, name) for code, name in preferences.LANGUAGES.items()])
    save = SubmitField(lazy_gettext("Save"))
    forget = SubmitField(lazy_gettext("Forget my settings"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: zones and countries are named in the reader's language.
        self.time_zone.choices = preferences.zone_choices()
        self.country.choices = [SelectChoice("", lazy_gettext("Choose a country")),
                                *(SelectChoice(code, name) for code, name in preferences.country_choices())]

    def choice(self) -> preferences.Preferences:
        if self.forget.data:
            return preferences.Preferences()
        return preferences.Preferences(time_zone=self.time_zone.data, country=self.country.data or None,
                                       language=self.language.data)
