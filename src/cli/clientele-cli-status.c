/* clientele-cli-status.c: `clientele-cli status` and `clientele-cli tag`:
 * the statuses (list, add, rename), and setting a status or a tag on chosen
 * clients (--ids) or on every flagged one (--flagged). */
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"
#include "clientele-store-status.h"

typedef struct
{
  char *database;
  char *ids;
  gboolean flagged;
  gint64 client_id;
} StatusOptions;

static void
status_options_clear (StatusOptions *options)
{
  g_free (options->database);
  g_free (options->ids);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StatusOptions, status_options_clear)

static int
fail (GError *error)
{
  g_printerr ("%s\n", error->message);
  return EXIT_FAILURE;
}

/* The clients named by --ids or --flagged (exactly one of them). */
static GArray *
target_ids (ClienteleStore *store, const StatusOptions *options)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;

  if ((options->ids != NULL) == options->flagged)
    {
      g_printerr (_ ("Say which clients: --ids 1,2,3 or --flagged.\n"));
      return NULL;
    }
  if (options->ids != NULL)
    return clientele_cli_parse_id_list (options->ids, ids) ? g_steal_pointer (&ids) : NULL;
  g_clear_pointer (&ids, g_array_unref);
  if ((ids = clientele_store_get_flagged_ids (store, &error)) == NULL)
    fail (error);
  return g_steal_pointer (&ids);
}

/* A status by id or by name; prints why and returns 0 when there is none. */
static gint64
find_status (ClienteleStore *store, const char *text)
{
  g_autoptr (GError) error = NULL;
  char *end = NULL;
  gint64 id = g_ascii_strtoll (text, &end, 10);
  g_autoptr (GPtrArray) list = clientele_store_list_statuses (store, &error);

  if (list == NULL)
    {
      fail (error);
      return 0;
    }
  for (guint i = 0; end != NULL && *end == '\0' && i < list->len; i++)
    if (((ClienteleStatus *)list->pdata[i])->id == id)
      return id;
  if ((id = clientele_store_find_status (store, text, &error)) == 0)
    g_printerr (_ ("There is no status “%s”: see clientele-cli status list.\n"), text);
  return id;
}

static int
status_list (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = clientele_store_list_statuses (store, &error);

  if (list == NULL)
    return fail (error);
  g_print ("id\tname\n");
  for (guint i = 0; i < list->len; i++)
    {
      ClienteleStatus *status = list->pdata[i];

      g_print ("%" G_GINT64_FORMAT "\t%s\n", status->id, clientele_status_display_name (status));
    }
  return EXIT_SUCCESS;
}

static int
status_set (ClienteleStore *store, const StatusOptions *options, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  gint64 status = find_status (store, name);

  if (status == 0)
    return EXIT_FAILURE;
  if (options->flagged && options->ids == NULL)
    {
      gint64 count = clientele_store_apply_to_flagged (store, status, NULL, &error);

      if (count < 0)
        return fail (error);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Status set on %d client.\n",
                            "Status set on %d clients.\n", (gulong)count),
               (int)count);
      return EXIT_SUCCESS;
    }
  if ((ids = target_ids (store, options)) == NULL)
    return EXIT_FAILURE;
  if (!clientele_store_set_status (store, (gint64 *)ids->data, ids->len, status, &error))
    return fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Status set on %d client.\n",
                        "Status set on %d clients.\n", (gulong)ids->len),
           (int)ids->len);
  return EXIT_SUCCESS;
}

static int
run_status_action (ClienteleStore *store, const StatusOptions *options, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  if (argc == 2 && g_str_equal (argv[1], "list"))
    return status_list (store);
  if (argc == 3 && g_str_equal (argv[1], "add"))
    {
      gint64 id = clientele_store_add_status (store, argv[2], &error);

      if (id == 0)
        return fail (error);
      g_print ("%" G_GINT64_FORMAT "\n", id);
      return EXIT_SUCCESS;
    }
  if (argc == 4 && g_str_equal (argv[1], "rename"))
    {
      gint64 id = find_status (store, argv[2]);

      if (id == 0)
        return EXIT_FAILURE;
      return clientele_store_rename_status (store, id, argv[3], &error) ? EXIT_SUCCESS
                                                                        : fail (error);
    }
  if (argc == 3 && g_str_equal (argv[1], "set"))
    return status_set (store, options, argv[2]);
  g_printerr (_ ("Say what to do: list, add NAME, rename STATUS NAME or set STATUS.\n"));
  return EXIT_FAILURE;
}

static GOptionEntry *
entries_for (StatusOptions *options)
{
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options->database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "ids", 0, 0, G_OPTION_ARG_STRING, &options->ids,
                               N_ ("The clients’ ids, comma-separated"), N_ ("IDS") },
                             { "flagged", 0, 0, G_OPTION_ARG_NONE, &options->flagged,
                               N_ ("Every flagged client"), NULL },
                             { "client", 'c', 0, G_OPTION_ARG_INT64, &options->client_id,
                               N_ ("list: this client’s tags only"), N_ ("ID") },
                             { NULL } };

  return g_memdup2 (entries, sizeof entries);
}

int
clientele_cli_run_status (int argc, char **argv)
{
  g_auto (StatusOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree GOptionEntry *entries = entries_for (&options);

  if (!clientele_cli_parse_options (
        "status", _ ("list | add NAME | rename STATUS NAME | set STATUS"),
        _ ("The clients’ statuses (prospect, active, inactive, and those added): list them, "
           "add or rename one, or set one on the clients of --ids or on every flagged client. "
           "A prospect becomes active at its first done appointment."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  return run_status_action (store, &options, argc, argv);
}

static int
tag_list (ClienteleStore *store, const StatusOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tags = options->client_id > 0
                          ? clientele_store_get_client_tags (store, options->client_id, &error)
                          : clientele_store_list_tags (store, &error);

  if (tags == NULL)
    return fail (error);
  for (guint i = 0; tags[i] != NULL; i++)
    g_print ("%s\n", tags[i]);
  return EXIT_SUCCESS;
}

static int
tag_change (ClienteleStore *store, const StatusOptions *options, const char *tag, gboolean add)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;

  if (add && options->flagged && options->ids == NULL)
    {
      gint64 count = clientele_store_apply_to_flagged (store, 0, tag, &error);

      if (count < 0)
        return fail (error);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Tag added to %d client.\n",
                            "Tag added to %d clients.\n", (gulong)count),
               (int)count);
      return EXIT_SUCCESS;
    }
  if ((ids = target_ids (store, options)) == NULL)
    return EXIT_FAILURE;
  if (!clientele_store_change_tag (store, (gint64 *)ids->data, ids->len, tag, add, &error))
    return fail (error);
  return EXIT_SUCCESS;
}

int
clientele_cli_run_tag (int argc, char **argv)
{
  g_auto (StatusOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree GOptionEntry *entries = entries_for (&options);

  if (!clientele_cli_parse_options (
        "tag", _ ("add TAG | remove TAG | list"),
        _ ("Free tags on clients (VIP, allergy…): add or remove one on the clients of --ids or "
           "on every flagged client, or list the tags in use (or a client’s with --client)."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  if (argc == 2 && g_str_equal (argv[1], "list"))
    return tag_list (store, &options);
  if (argc == 3 && (g_str_equal (argv[1], "add") || g_str_equal (argv[1], "remove")))
    return tag_change (store, &options, argv[2], g_str_equal (argv[1], "add"));
  g_printerr (_ ("Say what to do: add TAG, remove TAG or list.\n"));
  return EXIT_FAILURE;
}
