/* clientele-application.c: the application: command line, app-wide actions,
 * and which client file each window shows.
 *
 * The real client file and the sample-data file (demo.db) are always two
 * different files: the sample-data window is only ever created on the demo
 * path, and it fills that file itself when it is empty.
 */
#include <glib/gi18n-lib.h>

#include "clientele-accessible.h"
#include "clientele-application.h"
#include "clientele-window.h"

struct _ClienteleApplication
{
  AdwApplication parent_instance;

  /* The real client file: the default one or --database */
  char *database_path;
};

G_DEFINE_FINAL_TYPE (ClienteleApplication, clientele_application, ADW_TYPE_APPLICATION)

char *
clientele_application_default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "clientele.db", NULL);
}

char *
clientele_application_demo_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "demo.db", NULL);
}

static ClienteleWindow *
find_window_for_path (ClienteleApplication *self, const char *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      ClienteleStore *store;

      if (!CLIENTELE_IS_WINDOW (l->data))
        continue;

      store = clientele_window_get_store (l->data);
      if (g_strcmp0 (clientele_store_get_path (store), path) == 0)
        return l->data;
    }

  return NULL;
}

static void
show_open_error (ClienteleApplication *self, GtkWindow *parent, const GError *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (parent, _ ("Could Not Open the Client File"), error->message));
  adw_message_dialog_add_response (dialog, "close", _ ("Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");

  /* Without a parent the dialog is the only window: it keeps the app alive
   * until it is closed. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void show_store (ClienteleApplication *self,
                        ClienteleStore *store,
                        gboolean is_demo,
                        GtkWindow *replace);

/* A path given with --database that does not exist (or is an empty file)
 * may be a typing mistake: the file is created only once the user says so. */
typedef struct
{
  ClienteleApplication *self;
  char *path;
  GtkWindow *replace;
} CreateRequest;

static void
create_request_free (CreateRequest *request)
{
  g_object_unref (request->self);
  g_clear_object (&request->replace);
  g_free (request->path);
  g_free (request);
}

static void
create_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  CreateRequest *request = user_data;
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "create") == 0)
    {
      if ((store = clientele_store_open (request->path, &error)) != NULL)
        show_store (request->self, store, FALSE, request->replace);
      else
        show_open_error (request->self, request->replace, error);
    }
  create_request_free (request);
}

static void
ask_to_create (ClienteleApplication *self, const char *path, GtkWindow *replace)
{
  CreateRequest *request = g_new0 (CreateRequest, 1);
  g_autofree char *body =
    g_strdup_printf (_ ("There is no client file at “%s” yet (or the file there is empty). "
                        "Create a new, empty client file there?"),
                     path);
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (replace, _ ("Create a New Client File?"), body));

  request->self = g_object_ref (self);
  request->path = g_strdup (path);
  request->replace = replace != NULL ? g_object_ref (replace) : NULL;
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "create", _ ("_Create"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (create_response_cb), request);
  /* Like the error dialog: without a parent it keeps the app alive. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The app's own files (the default one, created on first start, and the
 * sample data's) are created without asking. */
static gboolean
is_own_file (const char *path)
{
  g_autofree char *default_path = clientele_application_default_database_path ();
  g_autofree char *demo_path = clientele_application_demo_database_path ();

  return g_strcmp0 (path, default_path) == 0 || g_strcmp0 (path, demo_path) == 0;
}

/* The user's client file, whose settings the sample data uses: the store of
 * the window showing it, else opened again (it was when the app started).
 * NULL when it cannot be: the sample data then keeps its own settings. */
static ClienteleStore *
open_real_store (ClienteleApplication *self)
{
  ClienteleWindow *window = find_window_for_path (self, self->database_path);

  if (window != NULL)
    return g_object_ref (clientele_window_get_store (window));
  return is_own_file (self->database_path)
           ? clientele_store_open (self->database_path, NULL)
           : clientele_store_open_existing (self->database_path, NULL);
}

static ClienteleWindow *
new_window (ClienteleApplication *self, ClienteleStore *store, gboolean is_demo)
{
  g_autoptr (ClienteleStore) real = is_demo ? open_real_store (self) : NULL;

  if (real != NULL)
    return clientele_window_new_for_sample_data (ADW_APPLICATION (self), store, real);
  return clientele_window_new (ADW_APPLICATION (self), store, is_demo);
}

static void
show_store (ClienteleApplication *self, ClienteleStore *store, gboolean is_demo, GtkWindow *replace)
{
  ClienteleWindow *window = new_window (self, store, is_demo);

  gtk_window_present (GTK_WINDOW (window));
  if (replace != NULL)
    gtk_window_close (replace);
}

/* Shows @path in a window, reusing the one that already shows it. @replace
 * (nullable) is the window the user switched away from: it closes. */
static void
open_file (ClienteleApplication *self, const char *path, gboolean is_demo, GtkWindow *replace)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleWindow *window;

  if ((window = find_window_for_path (self, path)))
    {
      gtk_window_present (GTK_WINDOW (window));
      if (replace != NULL && replace != GTK_WINDOW (window))
        gtk_window_close (replace);
      return;
    }

  store = is_demo || is_own_file (path) ? clientele_store_open (path, &error)
                                        : clientele_store_open_existing (path, &error);
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NO_FILE))
    ask_to_create (self, path, replace);
  else if (store == NULL)
    show_open_error (self, replace, error);
  else
    show_store (self, store, is_demo, replace);
}

static GtkWindow *
active_clientele_window (ClienteleApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return CLIENTELE_IS_WINDOW (window) ? window : NULL;
}

static void
sample_data_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ClienteleApplication *self = user_data;
  g_autofree char *demo_path = clientele_application_demo_database_path ();

  /* Never fill the user's own file with made-up clients, even when they
   * passed --database pointing at the demo path. */
  if (g_strcmp0 (demo_path, self->database_path) == 0)
    {
      g_autoptr (GError) error = g_error_new_literal (
        CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
        _ ("The sample data cannot be shown: its file is the one you opened as your client file."));
      show_open_error (self, active_clientele_window (self), error);
      return;
    }

  open_file (self, demo_path, TRUE, active_clientele_window (self));
}

static void
real_data_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ClienteleApplication *self = user_data;

  open_file (self, self->database_path, FALSE, active_clientele_window (self));
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ClienteleApplication *self = user_data;
  static const char *developers[] = { "The Clientele developers", NULL };
  GtkWidget *about;

  about = g_object_new (
    ADW_TYPE_ABOUT_WINDOW, "transient-for",
    gtk_application_get_active_window (GTK_APPLICATION (self)), "application-name", _ ("Clientele"),
    "application-icon", APP_ID, "version", PACKAGE_VERSION, "comments",
    _ ("Keep your client file: contact details, consents and appointments."), "developer-name",
    _ ("The Clientele developers"), "developers", developers, "license-type", GTK_LICENSE_GPL_3_0,
    "translator-credits", _ ("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ClienteleApplication *self = user_data;

  /* Closing (rather than g_application_quit) lets each window save its size
   * and each client dialog ask about unsaved changes. */
  g_autoptr (GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));

  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "sample-data", .activate = sample_data_action },
  { .name = "real-data", .activate = real_data_action },
};

static void
clientele_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (clientele_application_parent_class)->startup (application);
  clientele_accessible_install ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static int
clientele_application_command_line (GApplication *application,
                                    GApplicationCommandLine *command_line)
{
  ClienteleApplication *self = CLIENTELE_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *database = NULL;

  if (g_variant_dict_lookup (options, "database", "^&ay", &database) && database[0] != '\0')
    {
      g_autoptr (GFile) file =
        g_application_command_line_create_file_for_arg (command_line, database);

      g_free (self->database_path);
      self->database_path = g_file_get_path (file);
    }

  open_file (self, self->database_path, FALSE, NULL);

  return EXIT_SUCCESS;
}

static void
clientele_application_activate (GApplication *application)
{
  ClienteleApplication *self = CLIENTELE_APPLICATION (application);

  open_file (self, self->database_path, FALSE, NULL);
}

static void
clientele_application_finalize (GObject *object)
{
  ClienteleApplication *self = CLIENTELE_APPLICATION (object);

  g_free (self->database_path);

  G_OBJECT_CLASS (clientele_application_parent_class)->finalize (object);
}

static void
clientele_application_class_init (ClienteleApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = clientele_application_finalize;
  application_class->startup = clientele_application_startup;
  application_class->command_line = clientele_application_command_line;
  application_class->activate = clientele_application_activate;
}

static void
clientele_application_init (ClienteleApplication *self)
{
  static const GOptionEntry options[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
                                            N_ ("Open this client file instead of the default one"),
                                            N_ ("FILE") },
                                          { NULL } };

  self->database_path = clientele_application_default_database_path ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (
    G_APPLICATION (self), _ ("Keep your client file: contact details, consents and appointments."));
}

ClienteleApplication *
clientele_application_new (void)
{
  return g_object_new (CLIENTELE_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_COMMAND_LINE, "resource-base-path",
                       "/org/clientele/Clientele", NULL);
}
