/* clientele-subscription.c: the plain data of subscriptions and their local
 * date arithmetic (the SQL is in clientele-store-subscriptions.c). */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-subscription.h"

void
clientele_subscription_type_free (ClienteleSubscriptionType *type)
{
  if (type == NULL)
    return;
  g_free (type->name);
  g_strfreev (type->services);
  g_free (type);
}

void
clientele_subscription_free (ClienteleSubscription *subscription)
{
  if (subscription == NULL)
    return;
  g_free (subscription->type_name);
  g_free (subscription->start);
  g_free (subscription->end);
  g_free (subscription->state);
  g_free (subscription->suspended_since);
  g_free (subscription->note);
  g_free (subscription);
}

void
clientele_subscription_operation_free (ClienteleSubscriptionOperation *operation)
{
  if (operation == NULL)
    return;
  g_free (operation->kind);
  g_free (operation->reason);
  g_free (operation->date);
  g_free (operation);
}

static const char *const kind_names[] = { "package", "membership", "prepaid" };

const char *
clientele_subscription_kind_to_string (ClienteleSubscriptionKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), "package");
  return kind_names[kind];
}

gboolean
clientele_subscription_kind_from_string (const char *s, ClienteleSubscriptionKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (s, kind_names[i]) == 0)
      {
        *out = (ClienteleSubscriptionKind)i;
        return TRUE;
      }
  return FALSE;
}

const char *
clientele_subscription_kind_get_label (ClienteleSubscriptionKind kind)
{
  switch (kind)
    {
    case CLIENTELE_SUBSCRIPTION_MEMBERSHIP: return _ ("Membership");
    case CLIENTELE_SUBSCRIPTION_PREPAID: return _ ("Prepaid amount");
    case CLIENTELE_SUBSCRIPTION_PACKAGE:
    default: return _ ("Package");
    }
}

const char *
clientele_subscription_state_get_label (const char *state)
{
  if (g_strcmp0 (state, "used-up") == 0)
    return _ ("Used up");
  if (g_strcmp0 (state, "expired") == 0)
    return _ ("Expired");
  if (g_strcmp0 (state, "suspended") == 0)
    return _ ("Suspended");
  if (g_strcmp0 (state, "cancelled") == 0)
    return C_ ("subscription", "Cancelled");
  return C_ ("subscription", "Active");
}

const char *
clientele_subscription_operation_get_label (const char *kind)
{
  static const struct
  {
    const char *kind;
    const char *label;
  } labels[] = {
    { "sell", N_ ("Sold") },
    { "use", N_ ("Used") },
    { "correct", N_ ("Corrected") },
    { "suspend", N_ ("Suspended") },
    { "resume", N_ ("Resumed") },
    { "renew", N_ ("Renewed") },
    { "cancel", NC_ ("subscription", "Cancelled") },
    { "give-back", N_ ("Given back") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (kind, labels[i].kind) == 0)
      return g_str_equal (kind, "cancel") ? C_ ("subscription", "Cancelled") : _ (labels[i].label);
  return kind;
}

static GDate *
parse_date (const char *date)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return NULL;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return NULL;
  y = (int)g_ascii_strtoll (date, NULL, 10);
  m = (int)g_ascii_strtoll (date + 5, NULL, 10);
  d = (int)g_ascii_strtoll (date + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay)d, (GDateMonth)m, (GDateYear)y))
    return NULL;
  return g_date_new_dmy ((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

gboolean
clientele_subscription_date_is_valid (const char *date)
{
  GDate *parsed = parse_date (date);
  gboolean valid = parsed != NULL;

  g_clear_pointer (&parsed, g_date_free);
  return valid;
}

char *
clientele_subscription_today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

char *
clientele_subscription_date_add_days (const char *date, int days)
{
  GDate *parsed = parse_date (date);
  char *moved;

  if (parsed == NULL)
    return NULL;
  if (days >= 0)
    g_date_add_days (parsed, (guint)days);
  else
    g_date_subtract_days (parsed, (guint)-days);
  moved = format_date (parsed);
  g_date_free (parsed);
  return moved;
}

int
clientele_subscription_days_between (const char *from, const char *to)
{
  GDate *a = parse_date (from), *b = parse_date (to);
  int days = a != NULL && b != NULL ? g_date_days_between (a, b) : 0;

  g_clear_pointer (&a, g_date_free);
  g_clear_pointer (&b, g_date_free);
  return days;
}

char *
clientele_subscription_type_end_for (const ClienteleSubscriptionType *type, const char *start)
{
  GDate *date = parse_date (start);
  char *end;

  if (date == NULL || (type->validity_days == 0 && type->validity_months == 0))
    {
      g_clear_pointer (&date, g_date_free);
      return g_strdup ("");
    }
  /* g_date_add_months clamps the 31st to the month's last day. The last
   * valid day is the day before the same date a period later. */
  g_date_add_months (date, (guint)type->validity_months);
  g_date_add_days (date, (guint)type->validity_days);
  g_date_subtract_days (date, 1);
  end = format_date (date);
  g_date_free (date);
  return end;
}

gboolean
clientele_subscription_type_covers (const ClienteleSubscriptionType *type, const char *service)
{
  if (type->services == NULL || type->services[0] == NULL)
    return TRUE;
  for (guint i = 0; type->services[i] != NULL; i++)
    {
      g_autofree char *a = g_utf8_casefold (type->services[i], -1);
      g_autofree char *b = g_utf8_casefold (service != NULL ? service : "", -1);

      if (g_str_equal (a, b))
        return TRUE;
    }
  return FALSE;
}

const char *
clientele_subscription_state_on (const ClienteleSubscription *subscription, const char *today)
{
  if (g_strcmp0 (subscription->state, "active") == 0 && subscription->end != NULL &&
      subscription->end[0] != '\0' && g_strcmp0 (subscription->end, today) < 0)
    return "expired";
  return subscription->state;
}
