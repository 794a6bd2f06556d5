/* clientele-demo.c: generates realistic French, German and British sample
 * clients with their appointments, reproducibly from a seed.
 *
 * Speed matters (a million clients for benchmarks), so one client object and a
 * pool of appointment objects are reused, names are rendered into fixed
 * buffers, and the local time of each day of the appointment window is
 * computed once. Every random draw comes from one GRand so that a seed always
 * gives the same file, provided it is generated on the same day (appointments
 * are placed relative to today).
 */
#include <string.h>

#include "clientele-demo.h"
#include "clientele-error.h"
#include "clientele-store-auto.h"

#define N_ELEMENTS(a) G_N_ELEMENTS (a)
#define PAST_DAYS 730
#define FUTURE_DAYS 61
#define N_DAYS (PAST_DAYS + FUTURE_DAYS)
#define MAX_APPOINTMENTS 8
#define RECENT_SIZE 512
#define PROGRESS_STEP 1000
#define OPENING_MINUTE (9 * 60)
#define CLOSING_MINUTE (19 * 60)

typedef enum {
  COUNTRY_FR,
  COUNTRY_DE,
  COUNTRY_UK,
  N_COUNTRIES
} Country;

typedef struct
{
  const char *name;
  const char *area_code; /* national form, with the leading 0 */
  const char *postcode_base; /* FR/DE: first digits; UK: outward codes separated by | */
  guint postcode_span; /* FR/DE: how many codes follow the base (< 900) */
} City;

typedef struct
{
  const char *name;
  int minutes;
  int price_cents;
} Service;

typedef struct
{
  const char *country_name;
  const char *language;
  const char *international_prefix;
  const char *const *female;
  guint n_female;
  const char *const *male;
  guint n_male;
  const char *const *last;
  guint n_last;
  const City *cities;
  guint n_cities;
  const char *const *streets;
  guint n_streets;
  gboolean number_after_street;
  const char *const *mobile_prefixes;
  guint n_mobile_prefixes;
  const char *const *domains;
  guint n_domains;
  const Service *services;
  guint n_services;
  const char *const *staff;
  guint n_staff;
  const char *const *notes;
  guint n_notes;
} CountryData;

/* ---- France ---- */
static const char *const fr_female[] = {
  "Hélène",  "Françoise", "Marie",         "Camille",  "Chloé",    "Léa",     "Manon",
  "Émilie",  "Céline",    "Sophie",        "Nathalie", "Isabelle", "Aurélie", "Anaïs",
  "Élodie",  "Mathilde",  "Inès",          "Juliette", "Amélie",   "Noémie",  "Zoé",
  "Gaëlle",  "Maëlle",    "Clémence",      "Agnès",    "Bérénice", "Valérie", "Sandrine",
  "Josiane", "Geneviève", "Marie-Thérèse", "Océane",
};
static const char *const fr_male[] = {
  "Jean",     "Pierre",        "François", "Jérôme", "Stéphane",  "Frédéric", "Benoît",  "Thierry",
  "Julien",   "Nicolas",       "Mathéo",   "Hugo",   "Lucas",     "Théo",     "Gaël",    "Loïc",
  "Raphaël",  "Noël",          "Hervé",    "Rémi",   "Sébastien", "Grégoire", "Antoine", "Étienne",
  "Jean-Luc", "Jean-François", "Léon",     "André",  "Joël",      "Cédric",
};
static const char *const fr_last[] = {
  "Martin",    "Bernard",   "Dubois",    "Thomas",  "Robert",         "Richard",  "Petit",
  "Durand",    "Leroy",     "Moreau",    "Simon",   "Laurent",        "Lefèbvre", "Michel",
  "Garcia",    "David",     "Bertrand",  "Roux",    "Vincent",        "Fournier", "Morel",
  "Girard",    "André",     "Lefèvre",   "Mercier", "Dupont",         "Lambert",  "Bonnet",
  "François",  "Legrand",   "Garnier",   "Faure",   "Rousseau",       "Blanc",    "Guérin",
  "Chevalier", "Gauthier",  "Perrin",    "Morin",   "Clément",        "Gérard",   "Héraud",
  "Lemaître",  "Châtelain", "Noël",      "Dufrêne", "de la Fontaine", "Le Goff",  "Le Guen",
  "Bélanger",  "Besançon",  "Pélissier",
};
static const City fr_cities[] = {
  { "Paris", "01", "750", 20 },       { "Lyon", "04", "6900", 9 },
  { "Marseille", "04", "130", 16 },   { "Toulouse", "05", "31000", 1 },
  { "Nice", "04", "06000", 1 },       { "Nantes", "02", "44000", 1 },
  { "Strasbourg", "03", "67000", 1 }, { "Bordeaux", "05", "33000", 1 },
  { "Lille", "03", "59000", 1 },      { "Montpellier", "04", "34000", 1 },
  { "Rennes", "02", "35000", 1 },     { "Besançon", "03", "25000", 1 },
  { "Orléans", "02", "45000", 1 },    { "Saint-Étienne", "04", "42000", 1 },
};
static const char *const fr_streets[] = {
  "rue de la République",    "rue Victor Hugo",      "avenue des Champs-Élysées",
  "boulevard Saint-Germain", "place de la Bastille", "rue du Faubourg Saint-Honoré",
  "allée des Tilleuls",      "chemin des Vignes",    "rue de l’Église",
  "avenue Jean Jaurès",      "rue Pasteur",          "impasse des Lilas",
  "quai de la Loire",        "rue des Écoles",
};
static const char *const fr_mobile[] = { "06", "07" };
static const char *const fr_domains[] = {
  "gmail.com",   "orange.fr",  "free.fr",    "sfr.fr",
  "laposte.net", "hotmail.fr", "wanadoo.fr", "yahoo.fr",
};
static const Service fr_services[] = {
  { "Coupe femme", 45, 4200 },    { "Coupe homme", 30, 2500 },  { "Couleur", 90, 6500 },
  { "Brushing", 30, 2800 },       { "Mèches", 120, 8900 },      { "Manucure", 45, 3500 },
  { "Soin du visage", 60, 5500 }, { "Coupe enfant", 15, 1500 },
};
static const char *const fr_staff[] = { "Amandine", "Karim", "Sylvie", "Julie" };
static const char *const fr_notes[] = {
  "Allergique à l’ammoniaque.",
  "Préfère les rendez-vous le matin.",
  "Cliente fidèle, offrir un soin pour son anniversaire.",
  "Cheveux fins, éviter le dégradé.",
  "Vient toujours avec sa fille.",
  "Rappeler la veille du rendez-vous.",
};

/* ---- Germany ---- */
static const char *const de_female[] = {
  "Anna",   "Marie",     "Lena",      "Hannah",   "Lea",      "Jana",      "Katharina", "Julia",
  "Sabine", "Petra",     "Ursula",    "Brigitte", "Gisela",   "Monika",    "Jutta",     "Bärbel",
  "Käthe",  "Hildegard", "Renate",    "Birgit",   "Stefanie", "Franziska", "Lisa",      "Sarah",
  "Laura",  "Johanna",   "Charlotte", "Luise",    "Mia",      "Greta",     "Annegret",  "Jördis",
};
static const char *const de_male[] = {
  "Jürgen", "Jörg",   "Günter",  "Uwe",       "Klaus",      "Dieter",     "Hans",     "Wolfgang",
  "Horst",  "Helmut", "Stefan",  "Thomas",    "Michael",    "Andreas",    "Matthias", "Björn",
  "Sören",  "Jens",   "Lukas",   "Jonas",     "Maximilian", "Felix",      "Leon",     "Finn",
  "Paul",   "Tobias", "Florian", "Sebastian", "Götz",       "Karl-Heinz",
};
static const char *const de_last[] = {
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber",   "Meyer",      "Wagner",
  "Becker", "Schulz",  "Hoffmann",  "Schäfer", "Koch",    "Bauer",      "Richter",
  "Klein",  "Wolf",    "Schröder",  "Neumann", "Schwarz", "Zimmermann", "Braun",
  "Krüger", "Hofmann", "Hartmann",  "Lange",   "Schmitt", "Werner",     "Schmitz",
  "Krause", "Meier",   "Lehmann",   "Köhler",  "Jäger",   "Günther",    "Böhm",
  "Weiß",   "Groß",    "Vogel",     "Frank",   "Köster",  "von Bülow",  "Oßwald",
};
static const City de_cities[] = {
  { "Berlin", "030", "10", 899 },
  { "Hamburg", "040", "20", 899 },
  { "München", "089", "80", 899 },
  { "Köln", "0221", "50", 899 },
  { "Frankfurt am Main", "069", "60", 599 },
  { "Stuttgart", "0711", "70", 599 },
  { "Düsseldorf", "0211", "40", 599 },
  { "Leipzig", "0341", "04", 300 },
  { "Nürnberg", "0911", "90", 499 },
  { "Lübeck", "0451", "23", 599 },
};
static const char *const de_streets[] = {
  "Hauptstraße",   "Bahnhofstraße",   "Goethestraße", "Schillerstraße", "Lindenallee",
  "Am Marktplatz", "Friedrichstraße", "Königsallee",  "Gartenweg",      "Mühlenweg",
  "Schloßstraße",  "Kirchgasse",      "Rosenstraße",  "Lessingstraße",
};
static const char *const de_mobile[] = {
  "0151", "0152", "0157", "0160", "0162", "0170", "0171", "0172", "0176",
};
static const char *const de_domains[] = {
  "gmail.com", "web.de", "gmx.de", "gmx.net", "t-online.de", "posteo.de", "outlook.de",
};
static const Service de_services[] = {
  { "Damenhaarschnitt", 45, 4500 },
  { "Herrenhaarschnitt", 30, 2800 },
  { "Färben", 90, 6900 },
  { "Föhnen", 30, 2500 },
  { "Strähnchen", 120, 9500 },
  { "Maniküre", 45, 3200 },
  { "Gesichtsbehandlung", 60, 5900 },
  { "Kinderhaarschnitt", 15, 1500 },
};
static const char *const de_staff[] = { "Katrin", "Marco", "Sandra", "Tim" };
static const char *const de_notes[] = {
  "Allergisch gegen Ammoniak.", "Möchte Termine lieber vormittags.",
  "Stammkundin seit Jahren.",   "Bitte am Vortag erinnern.",
  "Empfindliche Kopfhaut.",
};

/* ---- United Kingdom ---- */
static const char *const uk_female[] = {
  "Siobhán",  "Emma",      "Olivia", "Amelia",   "Isla",    "Sophie",   "Charlotte", "Emily",
  "Jessica",  "Hannah",    "Sarah",  "Rebecca",  "Chloe",   "Lucy",     "Grace",     "Ellie",
  "Megan",    "Aoife",     "Niamh",  "Sinéad",   "Eilidh",  "Catriona", "Rhiannon",  "Zoë",
  "Margaret", "Elizabeth", "Susan",  "Patricia", "Deborah", "Joanne",
};
static const char *const uk_male[] = {
  "Oliver",  "George",      "Harry",    "Jack",    "Jacob",  "Charlie", "Thomas",  "James",
  "William", "Daniel",      "David",    "Michael", "Paul",   "Mark",    "Richard", "Andrew",
  "Stephen", "Christopher", "Seán",     "Ciarán",  "Eóin",   "Dylan",   "Rhys",    "Gareth",
  "Owen",    "Callum",      "Alistair", "Hamish",  "Robert", "Peter",
};
static const char *const uk_last[] = {
  "Smith",    "Jones",   "Williams",   "Taylor",     "Brown",    "Davies",     "Evans",
  "Wilson",   "Thomas",  "Johnson",    "Roberts",    "Robinson", "Thompson",   "Wright",
  "Walker",   "White",   "Edwards",    "Hughes",     "Green",    "Hall",       "Wood",
  "Harris",   "Lewis",   "Martin",     "Jackson",    "Clarke",   "Turner",     "Hill",
  "Scott",    "Cooper",  "Morris",     "Ward",       "O'Brien",  "O'Connor",   "O'Neill",
  "McDonald", "MacLeod", "O'Sullivan", "Fitzgerald", "Kennedy",  "Ní Bhriain",
};
static const City uk_cities[] = {
  { "London", "020", "SW1A|N1|E14|SE1|W2|NW3|EC1V|WC2H|SW11|N16", 0 },
  { "Manchester", "0161", "M1|M4|M14|M20", 0 },
  { "Birmingham", "0121", "B1|B5|B15|B29", 0 },
  { "Edinburgh", "0131", "EH1|EH3|EH10", 0 },
  { "Glasgow", "0141", "G1|G3|G12", 0 },
  { "Bristol", "0117", "BS1|BS6|BS8", 0 },
  { "Leeds", "0113", "LS1|LS6|LS8", 0 },
  { "Liverpool", "0151", "L1|L8|L17", 0 },
};
static const char *const uk_streets[] = {
  "High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue",    "Queen's Road",
  "Mill Lane",   "The Crescent", "King Street", "Green Lane",    "Albert Terrace", "Manor Way",
};
static const char *const uk_mobile[] = { "07700", "07700", "07911", "07463", "07824" };
static const char *const uk_domains[] = {
  "gmail.com",   "hotmail.co.uk", "yahoo.co.uk", "btinternet.com",
  "outlook.com", "icloud.com",    "sky.com",
};
static const Service uk_services[] = {
  { "Haircut", 45, 4000 },  { "Gents' cut", 30, 2400 },     { "Colour", 90, 7000 },
  { "Blow-dry", 30, 2600 }, { "Highlights", 120, 9000 },    { "Manicure", 45, 3000 },
  { "Facial", 60, 5500 },   { "Children's cut", 15, 1400 },
};
static const char *const uk_staff[] = { "Becky", "Liam", "Priya", "Tom" };
static const char *const uk_notes[] = {
  "Allergic to ammonia.",
  "Prefers morning appointments.",
  "Regular since 2019.",
  "Please text the day before.",
  "Sensitive scalp, use the gentle shampoo.",
};

#define LIST(a) a, N_ELEMENTS (a)

static const CountryData countries[N_COUNTRIES] = {
  { "France", "fr", "+33", LIST (fr_female), LIST (fr_male), LIST (fr_last), LIST (fr_cities),
    LIST (fr_streets), FALSE, LIST (fr_mobile), LIST (fr_domains), LIST (fr_services),
    LIST (fr_staff), LIST (fr_notes) },
  { "Germany", "de", "+49", LIST (de_female), LIST (de_male), LIST (de_last), LIST (de_cities),
    LIST (de_streets), TRUE, LIST (de_mobile), LIST (de_domains), LIST (de_services),
    LIST (de_staff), LIST (de_notes) },
  { "United Kingdom", "en", "+44", LIST (uk_female), LIST (uk_male), LIST (uk_last),
    LIST (uk_cities), LIST (uk_streets), FALSE, LIST (uk_mobile), LIST (uk_domains),
    LIST (uk_services), LIST (uk_staff), LIST (uk_notes) },
};

/* What makes a client, as small numbers: kept for recent clients so that a
 * near-duplicate can be rendered again with a variation. */
typedef struct
{
  guint8 country;
  gboolean female;
  gboolean gender_known;
  guint16 first;
  guint16 last;
  guint16 birth_year; /* 0 = unknown */
  guint8 birth_month;
  guint8 birth_day;
  guint16 city;
  guint16 street;
  guint16 house_number;
  guint32 postcode_number;
  guint32 landline; /* 0 = none; the subscriber digits */
  guint8 mobile_prefix;
  guint32 mobile; /* 0 = none */
  gboolean international;
  guint8 email_style; /* 0 = none, EMAIL_FAMILY = the household's */
  guint8 domain;
} Person;

/* The email style of a household's shared address ("famille.camara@..."). */
#define EMAIL_FAMILY 6

typedef enum {
  VARIANT_NONE,
  VARIANT_PLAIN_NAME, /* lowercase, accents dropped */
  VARIANT_OTHER_PHONE, /* phones written the other way */
  VARIANT_TYPO, /* two letters of the last name swapped */
  N_VARIANTS
} Variant;

typedef struct
{
  ClienteleStore *store;
  GRand *rand;
  ClienteleClient *client;
  ClienteleAppointment *appointment_pool[MAX_APPOINTMENTS];
  GPtrArray *appointments;
  gint64 day_start[N_DAYS]; /* local midnight of each day, index 0 = PAST_DAYS ago */
  guint8 day_weekday[N_DAYS]; /* 1 = Monday ... 7 = Sunday */
  gint64 today;
  int this_year;
  /* Lowercase ASCII forms of the names, for email addresses. */
  char **ascii_names[N_COUNTRIES][3];
  Person recent[RECENT_SIZE];
  guint n_recent;
} Generator;

static guint
pick (Generator *self, guint n)
{
  return (guint)g_rand_int_range (self->rand, 0, (gint32)n);
}

static gboolean
chance (Generator *self, guint percent)
{
  return pick (self, 100) < percent;
}

/* Lowercase ASCII without spaces or apostrophes: "O'Brien" -> "obrien". */
static char *
email_form (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '-')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static char **
email_forms (const char *const *names, guint n)
{
  char **forms = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    forms[i] = email_form (names[i]);
  return forms;
}

static void
generator_prepare_days (Generator *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight =
    g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);

  self->this_year = g_date_time_get_year (now);
  self->today = g_date_time_to_unix (midnight);
  for (int i = 0; i < N_DAYS; i++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (midnight, i - PAST_DAYS);
      /* Re-create at midnight so a daylight-saving change lands in the right hour. */
      g_autoptr (GDateTime) local =
        g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                               g_date_time_get_day_of_month (day), 0, 0, 0);

      self->day_start[i] = g_date_time_to_unix (local);
      self->day_weekday[i] = (guint8)g_date_time_get_day_of_week (local);
    }
}

static void
generator_init (Generator *self, ClienteleStore *store, guint32 seed)
{
  memset (self, 0, sizeof *self);
  self->store = store;
  self->rand = g_rand_new_with_seed (seed);
  self->client = clientele_client_new ();
  self->appointments = g_ptr_array_new ();
  for (guint i = 0; i < MAX_APPOINTMENTS; i++)
    self->appointment_pool[i] = clientele_appointment_new ();
  for (guint c = 0; c < N_COUNTRIES; c++)
    {
      self->ascii_names[c][0] = email_forms (countries[c].female, countries[c].n_female);
      self->ascii_names[c][1] = email_forms (countries[c].male, countries[c].n_male);
      self->ascii_names[c][2] = email_forms (countries[c].last, countries[c].n_last);
    }
  generator_prepare_days (self);
}

static void
generator_clear (Generator *self)
{
  g_rand_free (self->rand);
  g_object_unref (self->client);
  g_ptr_array_unref (self->appointments);
  for (guint i = 0; i < MAX_APPOINTMENTS; i++)
    g_object_unref (self->appointment_pool[i]);
  for (guint c = 0; c < N_COUNTRIES; c++)
    for (guint k = 0; k < 3; k++)
      g_strfreev (self->ascii_names[c][k]);
}

/* ---- Drawing a person ---- */

static void
draw_person (Generator *self, Person *p)
{
  /* Weighted towards France, then Germany, then the UK. */
  guint roll = pick (self, 100);
  const CountryData *c;

  p->country = roll < 45 ? COUNTRY_FR : roll < 78 ? COUNTRY_DE : COUNTRY_UK;
  c = &countries[p->country];

  p->female = chance (self, 62);
  p->gender_known = chance (self, 96);
  p->first = (guint16)pick (self, p->female ? c->n_female : c->n_male);
  p->last = (guint16)pick (self, c->n_last);

  if (chance (self, 92))
    {
      p->birth_year = (guint16)g_rand_int_range (self->rand, 1940, 2009);
      p->birth_month = (guint8)g_rand_int_range (self->rand, 1, 13);
      p->birth_day = (guint8)g_rand_int_range (
        self->rand, 1, g_date_get_days_in_month (p->birth_month, p->birth_year) + 1);
    }
  else
    p->birth_year = 0;

  p->city = (guint16)pick (self, c->n_cities);
  p->street = (guint16)pick (self, c->n_streets);
  p->house_number = (guint16)g_rand_int_range (self->rand, 1, 140);
  p->postcode_number = g_rand_int (self->rand);

  p->landline = chance (self, 35) ? (guint32)g_rand_int_range (self->rand, 1000000, 9999999) : 0;
  p->mobile_prefix = (guint8)pick (self, c->n_mobile_prefixes);
  p->mobile = chance (self, 85) ? (guint32)g_rand_int_range (self->rand, 1000000, 99999999) : 0;
  p->international = chance (self, 10);

  p->email_style = chance (self, 85) ? (guint8)g_rand_int_range (self->rand, 1, 6) : 0;
  /* Some give the family's address ("famille.martin@..."), that relatives share. */
  if (p->email_style != 0 && chance (self, 6))
    p->email_style = EMAIL_FAMILY;
  p->domain = (guint8)pick (self, c->n_domains);
}

/* ---- Drawing a relative ---- */

#define YOUNGEST_YEAR 2008

/* Another first name of the sex, not @taken's. */
static guint16
other_first_name (Generator *self, const Person *taken, gboolean female)
{
  const CountryData *c = &countries[taken->country];
  guint n = female ? c->n_female : c->n_male;
  guint16 first = (guint16)pick (self, n);

  if (female == taken->female && first == taken->first)
    first = (guint16)((first + 1) % n);
  return first;
}

static void
draw_birth (Generator *self, Person *p, guint year)
{
  p->birth_year = (guint16)year;
  p->birth_month = (guint8)g_rand_int_range (self->rand, 1, 13);
  p->birth_day =
    (guint8)g_rand_int_range (self->rand, 1, g_date_get_days_in_month (p->birth_month, year) + 1);
}

/* A partner: the other sex mostly, about the same age. */
static void
make_partner (Generator *self, const Person *o, Person *p)
{
  p->female = chance (self, 90) ? !o->female : o->female;
  p->first = other_first_name (self, o, p->female);
  if (o->birth_year != 0 && chance (self, 92))
    {
      int year = o->birth_year + g_rand_int_range (self->rand, -6, 7);

      draw_birth (self, p, (guint)CLAMP (year, 1940, YOUNGEST_YEAR));
    }
  else
    p->birth_year = 0;
}

/* A child, 20 to 38 years younger; now and then named after the parent,
 * both birth dates then known (they are what tells the two apart). */
static void
make_child (Generator *self, const Person *o, Person *p)
{
  guint year = MIN (o->birth_year + (guint)g_rand_int_range (self->rand, 20, 39), YOUNGEST_YEAR);

  p->female = chance (self, 50);
  p->first = other_first_name (self, o, p->female);
  if (p->female == o->female && chance (self, 20))
    p->first = o->first;
  draw_birth (self, p, year);
}

/* Someone of @o's household: their address, landline and family name, the
 * family's email or a parent's mobile now and then, a name and birth date
 * of their own. */
static void
draw_relative (Generator *self, const Person *o, Person *p)
{
  *p = *o;
  p->gender_known = chance (self, 96);
  if (o->birth_year != 0 && o->birth_year + 20 <= YOUNGEST_YEAR && chance (self, 55))
    make_child (self, o, p);
  else
    make_partner (self, o, p);
  if (!chance (self, 15))
    p->mobile = chance (self, 85) ? (guint32)g_rand_int_range (self->rand, 1000000, 99999999) : 0;
  if (o->email_style != EMAIL_FAMILY || chance (self, 30))
    p->email_style = chance (self, 35)   ? EMAIL_FAMILY
                     : chance (self, 80) ? (guint8)g_rand_int_range (self->rand, 1, 6)
                                         : 0;
}

/* ---- Rendering a person into text ---- */

static const char *
person_first_name (const Person *p)
{
  const CountryData *c = &countries[p->country];

  return p->female ? c->female[p->first] : c->male[p->first];
}

static void
render_postcode (const Person *p, char *out, gsize size)
{
  const City *city = &countries[p->country].cities[p->city];
  static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";

  if (p->country == COUNTRY_UK)
    {
      /* The outward codes are "|"-separated; take the (r % n)-th. */
      guint n = 1;
      guint32 r = p->postcode_number;
      const char *start = city->postcode_base;
      const char *end;
      guint k;

      for (const char *q = start; *q != '\0'; q++)
        n += *q == '|';
      for (k = r % n; k > 0; k--)
        start = strchr (start, '|') + 1;
      end = strchr (start, '|');
      if (end == NULL)
        end = start + strlen (start);
      g_snprintf (out, size, "%.*s %u%c%c", (int)(end - start), start, (r / n) % 10,
                  letters[(r / 7) % 20], letters[(r / 131) % 20]);
    }
  else
    {
      guint width = 5 - (guint)strlen (city->postcode_base);
      guint number;

      if (width == 0)
        {
          g_strlcpy (out, city->postcode_base, size);
          return;
        }
      /* Paris 75001..75020, Lyon 69001..69009; German codes 10100..10999 etc. */
      number = p->postcode_number % city->postcode_span + (p->country == COUNTRY_DE ? 100 : 1);
      g_snprintf (out, size, "%s%0*u", city->postcode_base, (int)width, number);
    }
}

/* Groups the digits for reading: FR in pairs, DE as one block after the
 * area code, UK as 4+4 after 020 and 3+4 after other codes. @compact then
 * drops the spaces, as people often type it. */
static void
render_phone (Country country,
              const char *area_code,
              guint32 subscriber,
              gboolean mobile,
              gboolean international,
              gboolean compact,
              char *out,
              gsize size)
{
  const char *area = international ? area_code + 1 : area_code;
  const char *prefix = international ? countries[country].international_prefix : "";
  const char *space = international ? " " : "";

  switch (country)
    {
    case COUNTRY_FR:
      {
        guint32 n = subscriber % 100000000;
        g_snprintf (out, size, "%s%s%s %02u %02u %02u %02u", prefix, space, area, n / 1000000,
                    n / 10000 % 100, n / 100 % 100, n % 100);
      }
      break;
    case COUNTRY_DE:
      if (mobile)
        g_snprintf (out, size, "%s%s%s %08u", prefix, space, area, subscriber % 100000000);
      else
        g_snprintf (out, size, "%s%s%s %07u", prefix, space, area, subscriber % 10000000);
      break;
    case COUNTRY_UK:
    default:
      if (mobile)
        g_snprintf (out, size, "%s%s%s %06u", prefix, space, area, subscriber % 1000000);
      else if (strlen (area_code) == 3)
        g_snprintf (out, size, "%s%s%s 7%03u %04u", prefix, space, area, subscriber / 10000 % 1000,
                    subscriber % 10000);
      else
        g_snprintf (out, size, "%s%s%s 4%02u %04u", prefix, space, area, subscriber / 10000 % 100,
                    subscriber % 10000);
      break;
    }

  if (compact)
    {
      char *to = out;
      for (const char *from = out; *from != '\0'; from++)
        if (*from != ' ')
          *to++ = *from;
      *to = '\0';
    }
}

static void
render_phones (const Person *p, gboolean other_form, char *phone, char *mobile, gsize size)
{
  const CountryData *c = &countries[p->country];
  gboolean international = other_form ? !p->international : p->international;

  phone[0] = mobile[0] = '\0';
  if (p->landline != 0)
    {
      const char *area = c->cities[p->city].area_code;
      guint32 subscriber = p->landline;

      /* French landlines: the first digit after the area code is not 0. */
      if (p->country == COUNTRY_FR)
        subscriber = 10000000 + p->landline % 90000000;
      render_phone (p->country, area, subscriber, FALSE, international,
                    other_form && !international, phone, size);
    }
  if (p->mobile != 0)
    {
      const char *prefix = c->mobile_prefixes[p->mobile_prefix];
      guint32 subscriber = p->mobile;

      /* The UK fiction range 07700 900xxx keeps made-up numbers unassigned. */
      if (p->country == COUNTRY_UK && strcmp (prefix, "07700") == 0)
        subscriber = 900000 + p->mobile % 1000;
      render_phone (p->country, prefix, subscriber, TRUE, international,
                    other_form && !international, mobile, size);
    }
}

static const char *const family_email_prefixes[N_COUNTRIES] = { "famille.", "familie.", "the." };

/* Mail providers hand out an address once: namesakes get a number, as
 * real clients' addresses do (only a few keep the bare form), so two
 * different sample clients rarely share an email. */
static void
render_email (Generator *self, const Person *p, char *out, gsize size)
{
  const char *first = self->ascii_names[p->country][p->female ? 0 : 1][p->first];
  const char *last = self->ascii_names[p->country][2][p->last];
  const char *domain = countries[p->country].domains[p->domain];
  char number[8] = "";

  if (p->postcode_number % 16 != 0)
    g_snprintf (number, sizeof number, "%u", p->postcode_number / 16 % 10000);
  switch (p->email_style)
    {
    case 0: out[0] = '\0'; break;
    case 1: g_snprintf (out, size, "%s.%s%s@%s", first, last, number, domain); break;
    case 2: g_snprintf (out, size, "%s%s%s@%s", first, last, number, domain); break;
    case 3: g_snprintf (out, size, "%c.%s%s@%s", first[0], last, number, domain); break;
    case 4:
      g_snprintf (out, size, "%s.%s%02u%s@%s", first, last,
                  p->birth_year != 0 ? p->birth_year % 100u : p->house_number % 100u,
                  p->postcode_number % 16 != 0 ? number : "", domain);
      break;
    case EMAIL_FAMILY:
      g_snprintf (out, size, "%s%s%s@%s", family_email_prefixes[p->country], last, number, domain);
      break;
    default: g_snprintf (out, size, "%s_%s%s@%s", last, first, number, domain); break;
    }
}

/* A typo: two neighbouring ASCII letters swapped, so the text stays valid UTF-8. */
static void
add_typo (char *name, guint32 where)
{
  gsize len = strlen (name);

  if (len < 3)
    return;
  /* The first letter stays: people rarely get that one wrong. */
  for (gsize k = 0; k + 2 < len; k++)
    {
      gsize i = 1 + (where + k) % (len - 2);

      if (g_ascii_isalpha (name[i]) && g_ascii_isalpha (name[i + 1]) && name[i] != name[i + 1])
        {
          char t = name[i];
          name[i] = name[i + 1];
          name[i + 1] = t;
          return;
        }
    }
}

static void
set_plain_name (ClienteleClient *client, ClienteleField field, const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autofree char *lower = g_ascii_strdown (ascii, -1);

  clientele_client_set_text (client, field, lower);
}

static void
fill_names (Generator *self, const Person *p, Variant variant)
{
  const CountryData *c = &countries[p->country];
  const char *first = person_first_name (p);
  const char *last = c->last[p->last];
  char buffer[128];

  if (variant == VARIANT_PLAIN_NAME)
    {
      set_plain_name (self->client, CLIENTELE_FIELD_FIRST_NAME, first);
      set_plain_name (self->client, CLIENTELE_FIELD_LAST_NAME, last);
      return;
    }
  clientele_client_set_text (self->client, CLIENTELE_FIELD_FIRST_NAME, first);
  if (variant == VARIANT_TYPO)
    {
      g_strlcpy (buffer, last, sizeof buffer);
      add_typo (buffer, g_rand_int (self->rand));
      last = buffer;
    }
  clientele_client_set_text (self->client, CLIENTELE_FIELD_LAST_NAME, last);
}

static void
fill_contact (Generator *self, const Person *p, Variant variant)
{
  const CountryData *c = &countries[p->country];
  char phone[48], mobile[48], email[160], postcode[16], street[160], birth[16];

  render_phones (p, variant == VARIANT_OTHER_PHONE, phone, mobile, sizeof phone);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_PHONE, phone);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_MOBILE, mobile);

  render_email (self, p, email, sizeof email);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_EMAIL, email);

  if (p->birth_year != 0)
    g_snprintf (birth, sizeof birth, "%04u-%02u-%02u", p->birth_year, p->birth_month, p->birth_day);
  else
    birth[0] = '\0';
  clientele_client_set_text (self->client, CLIENTELE_FIELD_BIRTH_DATE, birth);

  if (c->number_after_street)
    g_snprintf (street, sizeof street, "%s %u", c->streets[p->street], p->house_number);
  else
    g_snprintf (street, sizeof street, "%u %s", p->house_number, c->streets[p->street]);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_STREET, street);
  render_postcode (p, postcode, sizeof postcode);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_POSTCODE, postcode);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_CITY, c->cities[p->city].name);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_COUNTRY, c->country_name);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_LANGUAGE, c->language);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_GENDER,
                             !p->gender_known ? ""
                             : p->female      ? "female"
                                              : "male");
  clientele_client_set_text (
    self->client, CLIENTELE_FIELD_MESSAGE_CHANNEL,
    mobile[0] != '\0' && (email[0] == '\0' || chance (self, 70)) ? "sms" : "email");
}

static void
fill_consent (Generator *self, ClienteleField field, guint percent)
{
  const ClienteleFieldInfo *info = clientele_field_get_info (field);
  gboolean given = chance (self, percent);
  /* A change time for every consent given, and for some that were withdrawn. */
  gboolean changed = given || chance (self, 15);
  gint64 when = self->today - (gint64)g_rand_int_range (self->rand, 1, 3 * 365) * 86400 +
                g_rand_int_range (self->rand, OPENING_MINUTE, CLOSING_MINUTE) * 60;

  clientele_client_set_flag (self->client, field, given);
  clientele_client_set_time (self->client, info->changed, changed ? when : 0);
}

static void
fill_other (Generator *self, const Person *p, guint index, gboolean duplicate)
{
  const CountryData *c = &countries[p->country];
  char reference[32];

  /* References are unique, so a near-duplicate never has its original's. */
  if (chance (self, 30))
    g_snprintf (reference, sizeof reference, "C-%06u", index + 1);
  else
    reference[0] = '\0';
  clientele_client_set_text (self->client, CLIENTELE_FIELD_REFERENCE, reference);
  clientele_client_set_text (self->client, CLIENTELE_FIELD_NOTES,
                             chance (self, duplicate ? 0 : 8) ? c->notes[pick (self, c->n_notes)]
                                                              : "");
  fill_consent (self, CLIENTELE_FIELD_CONSENT_BIRTHDAY, 55);
  fill_consent (self, CLIENTELE_FIELD_CONSENT_WELCOME, 70);
  fill_consent (self, CLIENTELE_FIELD_CONSENT_PROMOTIONS, 40);
  fill_consent (self, CLIENTELE_FIELD_CONSENT_PROFILING, 20);
  clientele_client_set_flag (self->client, CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING,
                             chance (self, 3));
}

/* ---- Appointments ---- */

static guint
draw_appointment_count (Generator *self)
{
  static const guint weights[] = { 12, 15, 16, 15, 12, 10, 8, 7, 5 };
  guint roll = pick (self, 100);

  for (guint n = 0; n < N_ELEMENTS (weights); n++)
    {
      if (roll < weights[n])
        return n;
      roll -= weights[n];
    }
  return 0;
}

static void
fill_appointment (Generator *self,
                  ClienteleAppointment *appointment,
                  const CountryData *c,
                  guint favourite_staff)
{
  const Service *service = &c->services[pick (self, c->n_services)];
  gboolean future = chance (self, 15);
  int day, slots, minute;
  ClienteleAppointmentStatus status;
  guint roll;

  do
    day = future ? PAST_DAYS + (int)pick (self, FUTURE_DAYS) : (int)pick (self, PAST_DAYS);
  while (self->day_weekday[day] == 7);

  slots = (CLOSING_MINUTE - OPENING_MINUTE - service->minutes) / 15 + 1;
  minute = OPENING_MINUTE + 15 * (int)pick (self, (guint)slots);

  roll = pick (self, 100);
  if (future)
    status = roll < 95 ? CLIENTELE_APPOINTMENT_BOOKED : CLIENTELE_APPOINTMENT_CANCELLED;
  else
    status = roll < 87   ? CLIENTELE_APPOINTMENT_DONE
             : roll < 94 ? CLIENTELE_APPOINTMENT_CANCELLED
                         : CLIENTELE_APPOINTMENT_NO_SHOW;

  clientele_appointment_set_id (appointment, 0);
  clientele_appointment_set_start (appointment, self->day_start[day] + minute * 60);
  clientele_appointment_set_duration (appointment, service->minutes);
  clientele_appointment_set_service (appointment, service->name);
  clientele_appointment_set_staff (
    appointment, c->staff[chance (self, 70) ? favourite_staff : pick (self, c->n_staff)]);
  clientele_appointment_set_price_cents (appointment, service->price_cents);
  clientele_appointment_set_status (appointment, status);
  clientele_appointment_set_notes (appointment, "");
}

static int
by_start (gconstpointer a, gconstpointer b)
{
  gint64 x = clientele_appointment_get_start (*(ClienteleAppointment *const *)a);
  gint64 y = clientele_appointment_get_start (*(ClienteleAppointment *const *)b);

  return (x > y) - (x < y);
}

/* When each appointment was made, for the rebooking rate of the statistics:
 * nearly half rebooked at the desk half an hour into the visit before, the
 * others one to four weeks ahead, never later than now. Drawn from a hash of
 * the start rather than the generator, so that the clients themselves stay
 * those of the same seed before this was added. */
static void
stamp_booked (GPtrArray *appointments)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_ptr_array_sort (appointments, by_start);
  for (guint i = 0; i < appointments->len; i++)
    {
      ClienteleAppointment *a = g_ptr_array_index (appointments, i);
      gint64 start = clientele_appointment_get_start (a);
      guint64 hash = ((guint64)start * 2654435761u) >> 16;
      gint64 booked = start - (gint64)(1 + hash % 28) * 86400;

      if (i > 0 && hash % 100 < 45)
        booked = clientele_appointment_get_start (g_ptr_array_index (appointments, i - 1)) + 1800;
      clientele_appointment_set_booked (a, MIN (MIN (booked, start - 3600), now));
    }
}

static void
fill_appointments (Generator *self, const Person *p)
{
  const CountryData *c = &countries[p->country];
  guint n = draw_appointment_count (self);
  guint favourite = pick (self, c->n_staff);

  g_ptr_array_set_size (self->appointments, 0);
  for (guint i = 0; i < n; i++)
    {
      fill_appointment (self, self->appointment_pool[i], c, favourite);
      g_ptr_array_add (self->appointments, self->appointment_pool[i]);
    }
  stamp_booked (self->appointments);
}

/* ---- One client ---- */

static void
generator_next (Generator *self, guint index)
{
  Person person;
  Variant variant = VARIANT_NONE;

  if (self->n_recent > 20 && chance (self, 1))
    {
      guint available = MIN (self->n_recent, RECENT_SIZE);

      person = self->recent[pick (self, available)];
      variant = (Variant)g_rand_int_range (self->rand, VARIANT_PLAIN_NAME, N_VARIANTS);
      /* A phone written another way only shows when there is a phone. */
      if (variant == VARIANT_OTHER_PHONE && person.landline == 0 && person.mobile == 0)
        variant = VARIANT_TYPO;
    }
  else
    {
      /* Families book together: one client in eight is a relative of a
       * recent one. */
      if (self->n_recent > 20 && chance (self, 12))
        draw_relative (self, &self->recent[pick (self, MIN (self->n_recent, RECENT_SIZE))],
                       &person);
      else
        draw_person (self, &person);
      self->recent[self->n_recent % RECENT_SIZE] = person;
      self->n_recent++;
    }

  clientele_client_set_id (self->client, 0);
  fill_names (self, &person, variant);
  fill_contact (self, &person, variant);
  fill_other (self, &person, index, variant != VARIANT_NONE);
  fill_appointments (self, &person);
}

static gboolean
generator_save (Generator *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (clientele_store_save_client (self->store, self->client, self->appointments, &local_error))
    return TRUE;

  /* The file may already hold a client with this reference: drop it and go on. */
  if (g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT) &&
      *clientele_client_get_text (self->client, CLIENTELE_FIELD_REFERENCE) != '\0')
    {
      clientele_client_set_id (self->client, 0);
      for (guint i = 0; i < self->appointments->len; i++)
        clientele_appointment_set_id (g_ptr_array_index (self->appointments, i), 0);
      clientele_client_set_text (self->client, CLIENTELE_FIELD_REFERENCE, "");
      return clientele_store_save_client (self->store, self->client, self->appointments, error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
clientele_demo_fill (ClienteleStore *store,
                     guint n_clients,
                     guint32 seed,
                     void (*progress) (guint done, gpointer user_data),
                     gpointer user_data,
                     GCancellable *cancellable,
                     GError **error)
{
  Generator generator;
  gboolean ok = TRUE;
  gint64 last_id;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  if (!clientele_store_begin_bulk (store, error))
    return FALSE;
  last_id = clientele_store_last_client_id (store);

  generator_init (&generator, store, seed);
  for (guint i = 0; i < n_clients && ok; i++)
    {
      generator_next (&generator, i);
      ok = generator_save (&generator, error);
      if (ok && (i + 1) % PROGRESS_STEP == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            ok = FALSE;
          else if (progress != NULL)
            progress (i + 1, user_data);
        }
    }
  generator_clear (&generator);

  /* Sample clients were not registered at the desk: no welcome for them. */
  if (ok)
    ok = clientele_store_mark_sample_clients (store, last_id, error) &&
         clientele_store_commit (store, error);
  else
    clientele_store_rollback (store);

  if (ok && progress != NULL && n_clients % PROGRESS_STEP != 0)
    progress (n_clients, user_data);
  return ok;
}

/* ---- On a worker ---- */

typedef struct
{
  guint n_clients;
  guint32 seed;
  ClienteleProgress *progress; /* nullable */
} DemoJob;

static void
demo_job_free (gpointer data)
{
  DemoJob *job = data;

  g_clear_pointer (&job->progress, clientele_progress_unref);
  g_free (job);
}

static void
demo_job_progress (guint done, gpointer data)
{
  DemoJob *job = data;

  if (job->progress != NULL)
    clientele_progress_report (job->progress, done, job->n_clients);
}

static gboolean
demo_job_run (ClienteleStore *connection,
              gpointer data,
              gpointer *result,
              GCancellable *cancellable,
              GError **error)
{
  DemoJob *job = data;
  gint64 count = clientele_store_count_clients (connection, NULL, error);

  /* A sample file made earlier keeps its clients. */
  return count == 0 ? clientele_demo_fill (connection, job->n_clients, job->seed, demo_job_progress,
                                           job, cancellable, error)
                    : count > 0;
}

void
clientele_demo_fill_empty_async (ClienteleStore *store,
                                 guint n_clients,
                                 guint32 seed,
                                 ClienteleProgressFunc progress,
                                 gpointer progress_data,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  DemoJob *job = g_new0 (DemoJob, 1);

  job->n_clients = n_clients;
  job->seed = seed;
  if (progress != NULL)
    job->progress = clientele_progress_new (progress, progress_data, cancellable);
  clientele_store_run_job_reporting (store, clientele_demo_fill_empty_async, demo_job_run, job,
                                     demo_job_free, NULL, CLIENTELE_STORE_JOB_WRITES, job->progress,
                                     cancellable, callback, user_data);
}

gboolean
clientele_demo_fill_empty_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  return clientele_store_job_finish (store, result, clientele_demo_fill_empty_async, NULL, error);
}
