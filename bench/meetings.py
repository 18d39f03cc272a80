"""A Meeting Guide file of made-up weekly meetings, the same for the same seed: what the bench lists on /meetings."""
import json
import random
import sys

ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London",
         "Europe/Madrid", "America/Mexico_City", "Australia/Sydney")
FELLOWSHIPS = ("aa", "na", "smart", "lifering", "sos", "celebrate-recovery", "recovery-dharma", "wfs", "al-anon",
               "nar-anon")
WORDS = ("Serenity", "Hope", "Morning", "Evening", "Courage", "Daily", "Women's", "Newcomers", "Lunchtime",
         "Sunrise", "Friday Night", "Big Book", "Step Study", "Keep Coming Back", "One Day at a Time", "Harbor")
TYPES = ("O", "C", "BE", "S", "W", "M", "D", "SP", "ST", "X", "LGBTQ", "Y")


def meetings(count: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        online = rng.random() < 0.5
        days = sorted(rng.sample(range(7), rng.choice((1, 1, 1, 2, 3))))
        hour = rng.choice((7, 8, 12, 17, 18, 19, 19, 20, 21))
        row = {
            "name": f"{rng.choice(WORDS)} {rng.choice(('Group', 'Meeting', 'Circle', 'Fellowship'))}",
            "slug": f"bench-meeting-{number}",
            "day": days if len(days) > 1 else days[0],
            "time": f"{hour:02d}:{rng.choice(('00', '30'))}",
            "end_time": f"{hour + 1:02d}:{rng.choice(('00', '30'))}",
            "timezone": rng.choice(ZONES),
            "types": rng.sample(TYPES, rng.randint(1, 3)),
            "fellowship": rng.choice(FELLOWSHIPS),
            "notes": "Newcomers welcome. Cameras optional.",
        }
        if online:
            row.update(conference_url=f"https://meet.example.org/{number}", formatted_address="Chicago, IL, USA",
                       approximate="yes")
        else:
            row.update(location="Community Center", formatted_address=f"{100 + number} Main St, Springfield, USA")
        rows.append(row)
    return rows


if __name__ == "__main__":
    json.dump(meetings(int(sys.argv[1]) if len(sys.argv) > 1 else 200), sys.stdout, indent=1)
