/* clientele-cli-subscriptions.c: `clientele-cli subscription`: the business's
 * subscription types (add, list, retire) and a client's subscriptions (sell,
 * use, correct, suspend, resume, renew, cancel, undo, list), printed as tab
 * separated lines or, with --json, one JSON value. */
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"
#include "clientele-json.h"

typedef struct
{
  char *database;
  char *name;
  char *kind;
  char *services;
  char *date;
  char *note;
  char *reason;
  gint64 id;
  gint64 client_id;
  gint64 type_id;
  gint64 amount;
  gint64 price_cents;
  gint64 appointment_id;
  int sessions;
  int days;
  int months;
  gboolean online;
  gboolean all;
  gboolean json;
  int expiring_within;
} SubscriptionOptions;

static void
subscription_options_clear (SubscriptionOptions *options)
{
  g_free (options->database);
  g_free (options->name);
  g_free (options->kind);
  g_free (options->services);
  g_free (options->date);
  g_free (options->note);
  g_free (options->reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SubscriptionOptions, subscription_options_clear)

static int
fail (GError *error)
{
  g_printerr ("%s\n", error->message);
  return EXIT_FAILURE;
}

/* ---- Types ---- */

static void
print_type (GString *out, const ClienteleSubscriptionType *type, gboolean json)
{
  g_autofree char *services = g_strjoinv (json ? "\n" : ",", type->services);

  if (!json)
    {
      g_string_append_printf (
        out, "%" G_GINT64_FORMAT "\t%s\t%s\t%d\t%" G_GINT64_FORMAT "\t%d\t%d\t%s\t%s\t%s\n",
        type->id, type->name, clientele_subscription_kind_to_string (type->kind), type->sessions,
        type->price_cents, type->validity_days, type->validity_months, services,
        type->online ? "online" : "", type->active ? "active" : "retired");
      return;
    }
  g_string_append_printf (out, "{\"id\": %" G_GINT64_FORMAT ", \"name\": ", type->id);
  clientele_json_append_string (out, type->name);
  g_string_append_printf (
    out, ", \"kind\": \"%s\", \"services\": ", clientele_subscription_kind_to_string (type->kind));
  clientele_json_append_string (out, services);
  g_string_append_printf (out,
                          ", \"sessions\": %d, \"price_cents\": %" G_GINT64_FORMAT
                          ", \"validity_days\": %d, \"validity_months\": %d, \"online\": %s,"
                          " \"active\": %s}",
                          type->sessions, type->price_cents, type->validity_days,
                          type->validity_months, type->online ? "true" : "false",
                          type->active ? "true" : "false");
}

static int
type_add (ClienteleStore *store, const SubscriptionOptions *options)
{
  g_auto (GStrv) services =
    g_strsplit (options->services != NULL ? options->services : "", ",", -1);
  ClienteleSubscriptionType type = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (options->name == NULL || !clientele_subscription_kind_from_string (options->kind, &type.kind))
    {
      g_printerr (_ ("Usage: clientele-cli subscription type add --name N "
                     "--kind package|membership|prepaid [--sessions N] [--price CENTS] "
                     "[--days N | --months N] [--services A,B] [--online]\n"));
      return EXIT_FAILURE;
    }
  for (guint i = 0; services[i] != NULL; i++)
    g_strstrip (services[i]);
  type.name = options->name;
  type.services = services[0] != NULL && services[0][0] != '\0' ? services : NULL;
  type.sessions = options->sessions;
  type.price_cents = options->price_cents;
  type.validity_days = options->days;
  type.validity_months = options->months;
  type.online = options->online;
  if ((id = clientele_store_add_subscription_type (store, &type, &error)) == 0)
    return fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return EXIT_SUCCESS;
}

static int
type_list (ClienteleStore *store, const SubscriptionOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) types =
    clientele_store_list_subscription_types (store, !options->all, &error);
  g_autoptr (GString) out = g_string_new (options->json ? "[" : "");

  if (types == NULL)
    return fail (error);
  for (guint i = 0; i < types->len; i++)
    {
      if (options->json && i > 0)
        g_string_append (out, ", ");
      print_type (out, types->pdata[i], options->json);
    }
  if (options->json)
    g_string_append (out, "]\n");
  g_print ("%s", out->str);
  return EXIT_SUCCESS;
}

static int
run_type (ClienteleStore *store, const char *action, const SubscriptionOptions *options)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (action, "add") == 0)
    return type_add (store, options);
  if (g_strcmp0 (action, "list") == 0)
    return type_list (store, options);
  if (g_strcmp0 (action, "retire") == 0)
    return clientele_store_retire_subscription_type (store, options->id, &error) ? EXIT_SUCCESS
                                                                                 : fail (error);
  g_printerr (_ ("Say what to do with types: add, list or retire.\n"));
  return EXIT_FAILURE;
}

/* ---- Subscriptions ---- */

static void
print_subscription (GString *out, const ClienteleSubscription *s, gboolean json)
{
  if (!json)
    {
      g_string_append_printf (out,
                              "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                              "\t%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
                              s->id, s->client_id, s->type_name,
                              clientele_subscription_kind_to_string (s->kind), s->state, s->start,
                              s->end, s->remaining, s->price_cents);
      return;
    }
  g_string_append_printf (out,
                          "{\"id\": %" G_GINT64_FORMAT ", \"client\": %" G_GINT64_FORMAT
                          ", \"type\": %" G_GINT64_FORMAT ", \"type_name\": ",
                          s->id, s->client_id, s->type_id);
  clientele_json_append_string (out, s->type_name);
  g_string_append_printf (
    out,
    ", \"kind\": \"%s\", \"state\": \"%s\", \"start\": \"%s\", \"end\": \"%s\","
    " \"remaining\": %" G_GINT64_FORMAT ", \"price_cents\": %" G_GINT64_FORMAT ", \"note\": ",
    clientele_subscription_kind_to_string (s->kind), s->state, s->start, s->end, s->remaining,
    s->price_cents);
  clientele_json_append_string (out, s->note);
  g_string_append (out, "}");
}

static int
print_list (GPtrArray *list, gboolean json)
{
  g_autoptr (GString) out = g_string_new (json ? "[" : "");

  for (guint i = 0; i < list->len; i++)
    {
      if (json && i > 0)
        g_string_append (out, ", ");
      print_subscription (out, list->pdata[i], json);
    }
  if (json)
    g_string_append (out, "]\n");
  g_print ("%s", out->str);
  return EXIT_SUCCESS;
}

static int
subscription_list (ClienteleStore *store, const SubscriptionOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;

  if (options->expiring_within > 0)
    {
      g_autofree char *today = clientele_subscription_today ();
      g_autofree char *until =
        clientele_subscription_date_add_days (today, options->expiring_within);

      list = clientele_store_list_expiring_subscriptions (store, today, until, &error);
    }
  else if (options->client_id > 0)
    list = clientele_store_list_subscriptions (store, options->client_id, &error);
  else
    {
      g_printerr (_ ("Say which client with --client ID, or --expiring-within DAYS.\n"));
      return EXIT_FAILURE;
    }
  return list != NULL ? print_list (list, options->json) : fail (error);
}

static int
subscription_history (ClienteleStore *store, const SubscriptionOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops =
    clientele_store_list_subscription_operations (store, options->id, &error);

  if (ops == NULL)
    return fail (error);
  for (guint i = 0; i < ops->len; i++)
    {
      ClienteleSubscriptionOperation *op = ops->pdata[i];

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\n",
               op->id, op->date, op->kind, op->amount, op->appointment_id, op->reason,
               op->undone ? "undone" : "");
    }
  return EXIT_SUCCESS;
}

static int
subscription_sell (ClienteleStore *store, const SubscriptionOptions *options)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (options->client_id <= 0 || options->type_id <= 0)
    {
      g_printerr (_ ("Usage: clientele-cli subscription sell --client ID --type ID "
                     "[--date YYYY-MM-DD] [--price CENTS] [--note TEXT]\n"));
      return EXIT_FAILURE;
    }
  id =
    clientele_store_sell_subscription (store, options->client_id, options->type_id, options->date,
                                       options->price_cents, options->note, &error);
  if (id == 0)
    return fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return EXIT_SUCCESS;
}

/* The operations on one subscription (--id), each a store call. */
static gboolean
operate (ClienteleStore *store, const char *action, const SubscriptionOptions *o, GError **error)
{
  if (g_str_equal (action, "use"))
    return clientele_store_use_subscription (store, o->id, o->amount > 0 ? o->amount : 1,
                                             o->appointment_id, o->date, error);
  if (g_str_equal (action, "correct"))
    return clientele_store_correct_subscription (store, o->id, o->amount, o->reason, error);
  if (g_str_equal (action, "suspend"))
    return clientele_store_suspend_subscription (store, o->id, o->date, error);
  if (g_str_equal (action, "resume"))
    return clientele_store_resume_subscription (store, o->id, o->date, error);
  if (g_str_equal (action, "renew"))
    return clientele_store_renew_subscription (store, o->id, o->date, error);
  if (g_str_equal (action, "cancel"))
    return clientele_store_cancel_subscription (store, o->id, o->reason, error);
  return clientele_store_undo_subscription_operation (store, o->id, error);
}

static int
subscription_operate (ClienteleStore *store, const char *action, const SubscriptionOptions *options)
{
  static const char *const actions[] = { "use",   "correct", "suspend", "resume",
                                         "renew", "cancel",  "undo",    NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleSubscription) s = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  if (!g_strv_contains (actions, action) || options->id <= 0)
    {
      g_printerr (_ ("Say which subscription with --id ID, and one of: type, sell, use, correct, "
                     "suspend, resume, renew, cancel, undo, list, history.\n"));
      return EXIT_FAILURE;
    }
  if (!operate (store, action, options, &error))
    return fail (error);
  /* What it is now (an undone sale leaves none). */
  if ((s = clientele_store_get_subscription (store, options->id, NULL)) != NULL)
    {
      print_subscription (out, s, options->json);
      g_print ("%s%s", out->str, options->json ? "\n" : "");
    }
  return EXIT_SUCCESS;
}

int
clientele_cli_run_subscription (int argc, char **argv)
{
  g_auto (SubscriptionOptions) options = { .price_cents = -1 };
  g_autoptr (ClienteleStore) store = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "id", 0, 0, G_OPTION_ARG_INT64, &options.id, N_ ("The subscription (or type) id"),
      N_ ("ID") },
    { "client", 'c', 0, G_OPTION_ARG_INT64, &options.client_id, N_ ("The client’s id"), N_ ("ID") },
    { "type", 't', 0, G_OPTION_ARG_INT64, &options.type_id, N_ ("sell: the type’s id"), N_ ("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options.name, N_ ("type add: its name"), N_ ("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &options.kind,
      N_ ("type add: package, membership or prepaid"), N_ ("KIND") },
    { "sessions", 0, 0, G_OPTION_ARG_INT, &options.sessions, N_ ("type add: a package’s sessions"),
      N_ ("N") },
    { "price", 0, 0, G_OPTION_ARG_INT64, &options.price_cents,
      N_ ("The price in cents (a prepaid amount’s balance)"), N_ ("CENTS") },
    { "days", 0, 0, G_OPTION_ARG_INT, &options.days, N_ ("type add: valid for this many days"),
      N_ ("N") },
    { "months", 0, 0, G_OPTION_ARG_INT, &options.months,
      N_ ("type add: valid for this many months"), N_ ("N") },
    { "services", 0, 0, G_OPTION_ARG_STRING, &options.services,
      N_ ("type add: the services it covers, comma separated (none: any)"), N_ ("A,B") },
    { "online", 0, 0, G_OPTION_ARG_NONE, &options.online, N_ ("type add: can be bought online"),
      NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, N_ ("type list: retired ones too"), NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &options.date,
      N_ ("The day it takes effect (default: today)"), N_ ("YYYY-MM-DD") },
    { "amount", 0, 0, G_OPTION_ARG_INT64, &options.amount,
      N_ ("use: sessions or cents (default 1); correct: what remains"), N_ ("N") },
    { "appointment", 0, 0, G_OPTION_ARG_INT64, &options.appointment_id,
      N_ ("use: the appointment it was for"), N_ ("ID") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &options.reason, N_ ("correct, cancel: why"),
      N_ ("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &options.note, N_ ("sell: a note"), N_ ("TEXT") },
    { "expiring-within", 0, 0, G_OPTION_ARG_INT, &options.expiring_within,
      N_ ("list: the active ones ending within this many days"), N_ ("DAYS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_ ("Print JSON"), NULL },
    { NULL }
  };

  if (!clientele_cli_parse_options (
        "subscription",
        _ ("type add|list|retire | sell | use | correct | suspend | resume | renew | cancel | "
           "undo | list | history"),
        _ ("Manages the subscription types, and sells and uses a client’s packages, "
           "memberships and prepaid amounts. Every operation can be undone, the last first."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc < 2)
    {
      g_printerr (_ ("Say what to do: type, sell, use, correct, suspend, resume, renew, cancel, "
                     "undo, list or history.\n"));
      return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  if (g_str_equal (argv[1], "type"))
    return run_type (store, argc > 2 ? argv[2] : NULL, &options);
  if (g_str_equal (argv[1], "sell"))
    return subscription_sell (store, &options);
  if (g_str_equal (argv[1], "list"))
    return subscription_list (store, &options);
  if (g_str_equal (argv[1], "history"))
    return subscription_history (store, &options);
  return subscription_operate (store, argv[1], &options);
}
