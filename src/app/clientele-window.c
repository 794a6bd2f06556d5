/* clientele-window.c: the main window (see clientele-window.h).
 *
 *   ClienteleStore --> ClienteleClientList --> GtkSingleSelection --> GtkColumnView
 *
 * The list is paged from SQLite and sorted by SQL, never in memory: there is
 * no GtkSortListModel. The column headers still sort, through a trick that
 * GTK 4.8 needs (it has no gtk_column_view_sorter_get_primary_sort_column):
 * each column has its own GtkCustomSorter whose compare function only records
 * which column it belongs to. When the view's sorter changes, the window
 * compares two dummy items through it: the first column called is
 * the primary one, and the view inverts its "smaller" for a descending
 * column. The answer goes to clientele_client_list_set_sort(). (Two distinct
 * dummies: gtk_sorter_compare() answers "equal" for an item against itself.)
 */
#include <glib/gi18n-lib.h>

#include "clientele-list-filter.h"
#include "clientele-auto-sender.h"
#include "clientele-client-dialog.h"
#include "clientele-date-cell.h"
#include "clientele-flag-cell.h"
#include "clientele-resources.h"
#include "clientele-window-private.h"

#define DEMO_CLIENTS 10000
#define DEMO_SEED 1789

G_DEFINE_FINAL_TYPE (ClienteleWindow, clientele_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_IS_DEMO,
  PROP_SETTINGS_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_view (ClienteleWindow *self);
static void stop_sender (ClienteleWindow *self, GtkApplication *app);

void
_clientele_window_show_error (ClienteleWindow *self, const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- Sorting ---- */

/* GSettings "sort-column" holds the enum's nick ("last-visit"). */
static const char *
sort_column_nick (ClienteleSortColumn column)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (CLIENTELE_TYPE_SORT_COLUMN);

  return g_enum_get_value (klass, column)->value_nick;
}

static ClienteleSortColumn
sort_column_from_nick (const char *nick)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (CLIENTELE_TYPE_SORT_COLUMN);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return value != NULL ? value->value : CLIENTELE_SORT_NAME;
}

static GtkColumnViewColumn *
column_for_sort (ClienteleWindow *self, ClienteleSortColumn sort)
{
  switch (sort)
    {
    case CLIENTELE_SORT_PHONE: return self->phone_column;
    case CLIENTELE_SORT_EMAIL: return self->email_column;
    case CLIENTELE_SORT_CITY: return self->city_column;
    case CLIENTELE_SORT_LAST_VISIT: return self->last_visit_column;
    case CLIENTELE_SORT_NEXT_APPOINTMENT: return self->next_appointment_column;
    case CLIENTELE_SORT_FLAGGED: return self->flag_column;
    case CLIENTELE_SORT_NAME:
    default: return self->name_column;
    }
}

static int
probe_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  SortProbe *probe = user_data;

  probe->window->probed_column = probe->column;

  return GTK_ORDERING_SMALLER;
}

static void
set_probe_sorters (ClienteleWindow *self)
{
  for (guint i = 0; i < N_SORT_COLUMNS; i++)
    {
      g_autoptr (GtkCustomSorter) sorter = NULL;

      self->probes[i].window = self;
      self->probes[i].column = i;
      sorter = gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL);
      gtk_column_view_column_set_sorter (column_for_sort (self, i), GTK_SORTER (sorter));
    }
}

static void
view_sorter_changed_cb (ClienteleWindow *self, GtkSorterChange change, GtkSorter *sorter)
{
  ClienteleSortColumn column = CLIENTELE_SORT_NAME;
  gboolean descending = FALSE;
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, self->probe_items[0], self->probe_items[1]);
  if (order != GTK_ORDERING_EQUAL && self->probed_column >= 0)
    {
      column = self->probed_column;
      descending = order == GTK_ORDERING_LARGER;
    }

  clientele_client_list_set_sort (self->list, column, descending);

  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "sort-column", sort_column_nick (column));
      g_settings_set_boolean (self->settings, "sort-descending", descending);
    }
}

static void
restore_sort (ClienteleWindow *self)
{
  g_autofree char *name = NULL;
  ClienteleSortColumn column = CLIENTELE_SORT_NAME;
  gboolean descending = FALSE;

  if (self->settings != NULL)
    {
      name = g_settings_get_string (self->settings, "sort-column");
      descending = g_settings_get_boolean (self->settings, "sort-descending");
      column = sort_column_from_nick (name);
    }

  gtk_column_view_sort_by_column (self->column_view, column_for_sort (self, column),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

/* ---- Counts and pages ---- */

/* "Other actions" act on the flagged clients only: with none flagged they are
 * disabled, and the button's tooltip says why instead of leaving a dead menu. */
static void
update_other_actions (ClienteleWindow *self, gint64 n_flagged)
{
  g_autofree char *tooltip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", n_flagged > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.set-status", n_flagged > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-tag", n_flagged > 0);
  if (n_flagged > 0)
    tooltip = g_strdup_printf (ngettext ("Act on the %'u flagged client",
                                         "Act on the %'u flagged clients", (gulong)n_flagged),
                               (guint)n_flagged);
  else
    tooltip = g_strdup (_ ("Flag clients with their check box to act on them"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->other_actions_button), tooltip);
}

/* "4 clients · 1 flagged", and while a search hides flagged clients,
 * "4 clients · 1 flagged · 3 in all": the flags the user can reach come
 * first. */
static void
show_counts (ClienteleWindow *self, const ClienteleFlagCounts *counts)
{
  guint n_clients = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint n_flagged = (guint)MAX (counts->matching, 0);
  g_autofree char *clients = NULL;
  g_autofree char *flagged = NULL;
  g_autofree char *text = NULL;

  clients = g_strdup_printf (ngettext ("%'u client", "%'u clients", n_clients), n_clients);
  flagged = g_strdup_printf (ngettext ("%'u flagged", "%'u flagged", n_flagged), n_flagged);
  /* TRANSLATORS: "10,000 clients · 3 flagged" */
  text = g_strdup_printf (C_ ("client counts", "%s · %s"), clients, flagged);
  if (counts->total > counts->matching)
    {
      g_autofree char *shown = g_steal_pointer (&text);
      /* TRANSLATORS: the flagged clients of the whole file, shown after those
       * of the search: "4 clients · 1 flagged · 3 in all". */
      g_autofree char *all = g_strdup_printf (
        ngettext ("%'u in all", "%'u in all", (gulong)counts->total), (guint)counts->total);

      text = g_strdup_printf (C_ ("client counts", "%s · %s"), shown, all);
    }
  gtk_label_set_label (self->counts_label, text);
  update_other_actions (self, MAX (counts->total, 0));
}

/* A count asked before the search or the flags changed again is stale. */
typedef struct
{
  ClienteleWindow *window;
  guint generation;
} FlagCountRequest;

static void
flag_counts_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FlagCountRequest *request = user_data;
  g_autoptr (ClienteleWindow) self = request->window;
  g_autoptr (GError) error = NULL;
  ClienteleFlagCounts counts = { 0, 0 };
  guint generation = request->generation;

  g_free (request);
  if (!clientele_store_count_flags_finish (CLIENTELE_STORE (source), result, &counts, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Flags not counted: %s", error->message);
      return;
    }
  if (!g_cancellable_is_cancelled (self->cancellable) && generation == self->flag_count_generation)
    show_counts (self, &counts);
}

/* The client count is the list's; the flags are counted on a worker (the
 * flagged ones among a search's matches take a walk through the matches).
 * Without a search, the file's count is quick and shown at once. */
void
_clientele_window_update_counts (ClienteleWindow *self)
{
  const char *search = clientele_client_list_get_search (self->list);
  FlagCountRequest *request;

  self->flag_count_generation++;
  if (search[0] == '\0')
    {
      gint64 n_flagged = clientele_store_count_flagged (self->store, NULL);
      ClienteleFlagCounts counts = { n_flagged, n_flagged };

      show_counts (self, &counts);
      return;
    }
  request = g_new0 (FlagCountRequest, 1);
  *request = (FlagCountRequest){ g_object_ref (self), self->flag_count_generation };
  clientele_store_count_flags_async (self->store, search, self->cancellable, flag_counts_cb,
                                     request);
}

static void
update_no_match_page (ClienteleWindow *self, const char *search)
{
  g_autofree char *description = NULL;
  g_autofree char *button = NULL;

  description = g_strdup_printf (_ ("No client matches “%s”."), search);
  button = g_strdup_printf (_ ("Create Client “%s”"), search);
  adw_status_page_set_description (self->no_match_page, description);
  gtk_button_set_label (self->create_button, button);
}

static void
update_view (ClienteleWindow *self)
{
  const char *search = clientele_client_list_get_search (self->list);
  const char *page;

  if (self->filling_demo)
    page = "loading";
  else if (clientele_client_list_get_error (self->list) != NULL)
    page = "error";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    page = "list";
  else if (search[0] != '\0')
    page = "no-match";
  else
    page = "empty";

  if (g_str_equal (page, "no-match"))
    update_no_match_page (self, search);
  if (g_str_equal (page, "error"))
    adw_status_page_set_description (self->error_page,
                                     clientele_client_list_get_error (self->list)->message);

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-from-search",
                                 g_str_equal (page, "no-match"));
  _clientele_window_update_flag_actions (self);
  _clientele_window_update_counts (self);
}

static void
list_items_changed_cb (ClienteleWindow *self)
{
  update_view (self);
}

static void
store_changed_cb (ClienteleWindow *self)
{
  _clientele_window_update_counts (self);
}

static void
retry_clicked_cb (ClienteleWindow *self)
{
  clientele_client_list_reload (self->list);
}

/* ---- Opening clients ---- */

void
_clientele_window_open_client (ClienteleWindow *self, gint64 id, const char *initial_name)
{
  g_autoptr (GError) error = NULL;
  ClienteleClientDialog *dialog;

  /* The same client twice would let two dialogs overwrite each other. */
  if (id != 0)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

          if (CLIENTELE_IS_CLIENT_DIALOG (window) &&
              gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (self) &&
              clientele_client_dialog_get_client_id (CLIENTELE_CLIENT_DIALOG (window)) == id)
            {
              gtk_window_present (GTK_WINDOW (window));
              return;
            }
        }
    }

  dialog = clientele_client_dialog_new (GTK_WINDOW (self), self->store, id, initial_name, &error);
  if (dialog == NULL)
    _clientele_window_show_error (self, error);
  else
    gtk_window_present (GTK_WINDOW (dialog));
}

ClienteleClient *
_clientele_window_selected_client (ClienteleWindow *self)
{
  ClienteleClient *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL && clientele_client_get_loaded (item) ? item : NULL;
}

static void
column_view_activate_cb (ClienteleWindow *self, guint position)
{
  g_autoptr (ClienteleClient) item = g_list_model_get_item (G_LIST_MODEL (self->list), position);

  if (item != NULL && clientele_client_get_loaded (item))
    _clientele_window_open_client (self, clientele_client_get_id (item), NULL);
}

static void
flag_selected (ClienteleWindow *self)
{
  ClienteleClient *item = _clientele_window_selected_client (self);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.flag-client", "(xb)",
                                clientele_client_get_id (item),
                                !clientele_client_get_flagged (item));
}

static gboolean
is_enter (guint keyval)
{
  return keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter;
}

/* The list from the keyboard: Up and Down move the selected row (the
 * view's own keys), Enter (keypad Enter too) opens it, Space flags it.
 * Caught before the focused cell, whose Space would only select. */
static gboolean
column_view_key_pressed_cb (ClienteleWindow *self,
                            guint keyval,
                            guint keycode,
                            GdkModifierType state,
                            GtkEventControllerKey *controller)
{
  ClienteleClient *item;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      !(item = _clientele_window_selected_client (self)))
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_space || keyval == GDK_KEY_KP_Space)
    flag_selected (self);
  else if (is_enter (keyval))
    _clientele_window_open_client (self, clientele_client_get_id (item), NULL);
  else
    return GDK_EVENT_PROPAGATE;
  return GDK_EVENT_STOP;
}

/* The cell of the flag column that shows @item, if its row is built. */
static GtkWidget *
find_flag_cell (GtkWidget *widget, ClienteleClient *item)
{
  if (CLIENTELE_IS_FLAG_CELL (widget))
    return clientele_flag_cell_get_client (CLIENTELE_FLAG_CELL (widget)) == item ? widget : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_flag_cell (child, item);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
focus_selected_row_cb (gpointer data)
{
  ClienteleWindow *self = data;
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr (ClienteleClient) item = NULL;
  GtkWidget *cell = NULL;

  if (position != GTK_INVALID_LIST_POSITION)
    item = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (item != NULL && !g_cancellable_is_cancelled (self->cancellable))
    cell = find_flag_cell (GTK_WIDGET (self->column_view), item);
  /* The row (the first focusable widget above the cell) takes the focus:
   * the view then moves on from that row with Up and Down. */
  while (cell != NULL && cell != GTK_WIDGET (self->column_view) && !gtk_widget_get_focusable (cell))
    cell = gtk_widget_get_parent (cell);
  if (cell != NULL && cell != GTK_WIDGET (self->column_view))
    gtk_widget_grab_focus (cell);
  return G_SOURCE_REMOVE;
}

/* Selects the row at @position and puts the keyboard focus on it (not on
 * its check box, which takes no focus: Space flags the row). GTK 4.8 has
 * no call to focus a row of a column view: its cell is focused once the
 * view has laid the row out, after this frame. */
static void
focus_row (ClienteleWindow *self, guint position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_selected_row_cb, g_object_ref (self),
                   g_object_unref);
}

/* ---- Search ---- */

static void
search_changed_cb (ClienteleWindow *self, GtkSearchEntry *entry)
{
  /* Typing on after Enter takes the Enter back. */
  self->activate_when_counted = FALSE;
  clientele_client_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* The only match of the search opens once its page has arrived. */
static void
open_when_loaded_cb (ClienteleWindow *self, GParamSpec *pspec, ClienteleClient *item)
{
  if (!clientele_client_get_loaded (item))
    return;
  g_signal_handlers_disconnect_by_func (item, open_when_loaded_cb, self);
  _clientele_window_open_client (self, clientele_client_get_id (item), NULL);
}

static void
open_only_match (ClienteleWindow *self)
{
  g_autoptr (ClienteleClient) item = g_list_model_get_item (G_LIST_MODEL (self->list), 0);

  gtk_single_selection_set_selected (self->selection, 0);
  if (clientele_client_get_loaded (item))
    _clientele_window_open_client (self, clientele_client_get_id (item), NULL);
  else
    g_signal_connect_object (item, "notify::loaded", G_CALLBACK (open_when_loaded_cb), self,
                             G_CONNECT_SWAPPED);
}

/* Enter: the only match opens; with several, the first is selected and the
 * keyboard goes to the list (Up, Down, Enter); with none, a new client
 * starts from what was typed. */
static void
activate_search (ClienteleWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (clientele_client_list_get_search (self->list)));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  if (n_items == 0)
    {
      if (text[0] != '\0')
        _clientele_window_open_client (self, 0, text);
      return;
    }
  if (n_items == 1 && text[0] != '\0')
    open_only_match (self);
  else
    focus_row (self, 0);
}

/* Down in the search moves to the list's first row. */
static gboolean
search_key_pressed_cb (ClienteleWindow *self,
                       guint keyval,
                       guint keycode,
                       GdkModifierType state,
                       GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    return GDK_EVENT_PROPAGATE;
  focus_row (self, 0);
  return GDK_EVENT_STOP;
}

static void
list_counting_cb (ClienteleWindow *self)
{
  if (clientele_client_list_get_counting (self->list) || !self->activate_when_counted)
    return;
  self->activate_when_counted = FALSE;
  activate_search (self);
}

static void
search_activate_cb (ClienteleWindow *self, GtkSearchEntry *entry)
{
  /* Enter may come before the debounced "search-changed". */
  search_changed_cb (self, entry);

  /* The matches are being counted on the list's worker: act on the answer. */
  self->activate_when_counted = clientele_client_list_get_counting (self->list);
  if (!self->activate_when_counted)
    activate_search (self);
}

static void
search_stop_cb (ClienteleWindow *self, GtkSearchEntry *entry)
{
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* ---- Sample data ---- */

static void
demo_progress_cb (guint done, guint total, gpointer user_data)
{
  ClienteleWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->loading_progress, total > 0 ? (double)done / total : 0.0);
}

static void
demo_fill_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!clientele_demo_fill_empty_finish (CLIENTELE_STORE (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the window is closing */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->filling_demo = FALSE;
  gtk_spinner_stop (self->loading_spinner);
  if (error != NULL)
    _clientele_window_show_error (self, error);
  /* Preferences closed during the fill left their copy for now. */
  _clientele_window_copy_real_settings (self);
  clientele_client_list_reload (self->list);
  update_view (self);
}

static void
start_demo_fill (ClienteleWindow *self)
{
  self->filling_demo = TRUE;
  gtk_spinner_start (self->loading_spinner);
  clientele_demo_fill_empty_async (self->store, DEMO_CLIENTS, DEMO_SEED, demo_progress_cb, self,
                                   self->cancellable, demo_fill_done_cb, g_object_ref (self));
}

/* ---- Settings ---- */

static GSettings *
lookup_settings (void)
{
  static const char *keys[] = { "window-width", "window-height", "window-maximized", "sort-column",
                                "sort-descending" };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  /* Running from an uninstalled build without the schema must not abort. */
  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!g_settings_schema_has_key (schema, keys[i]))
      return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static void
restore_window_size (ClienteleWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* ---- Closing with clients open ----
 *
 * Closing the window (its close button, Ctrl+Q, switching files) would end
 * the app and drop what its client dialogs hold unsaved. So each dialog
 * with changes is closed first, one after the other, and asks its own
 * "Discard changes?"; once it is gone the window tries to close again.
 * Keep Editing stops the closing there. */

static ClienteleClientDialog *
first_edited_dialog (ClienteleWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (CLIENTELE_IS_CLIENT_DIALOG (window) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (self) &&
          clientele_client_dialog_has_unsaved_changes (CLIENTELE_CLIENT_DIALOG (window)))
        return CLIENTELE_CLIENT_DIALOG (window);
    }
  return NULL;
}

static gboolean
close_again_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
edited_dialog_gone_cb (ClienteleWindow *self, GtkWidget *dialog)
{
  g_signal_handlers_disconnect_by_data (dialog, self);
  if (!self->closing)
    return;
  self->closing = FALSE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_again_cb, g_object_ref (self), g_object_unref);
}

static void
edited_dialog_kept_cb (ClienteleWindow *self, ClienteleClientDialog *dialog)
{
  self->closing = FALSE;
  g_signal_handlers_disconnect_by_data (dialog, self);
}

static void
ask_dialog_first (ClienteleWindow *self, ClienteleClientDialog *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
  /* Asked already: its question is still up. */
  if (self->closing)
    return;
  self->closing = TRUE;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (edited_dialog_gone_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "close-refused", G_CALLBACK (edited_dialog_kept_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
clientele_window_close_request (GtkWindow *window)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (window);
  ClienteleClientDialog *edited = first_edited_dialog (self);
  int width;
  int height;

  if (edited != NULL)
    {
      ask_dialog_first (self, edited);
      return TRUE;
    }

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  stop_sender (self, gtk_window_get_application (window));
  if (GTK_WINDOW_CLASS (clientele_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (clientele_window_parent_class)->close_request (window);

  return FALSE;
}

/* ---- Object ---- */

/* ---- Messages in the outbox ---- */

/* The bar shows while a run sends something: a run with nothing due comes
 * and goes every minute unseen. */
static void
update_outbox_bar (ClienteleWindow *self)
{
  const ClienteleOutboxReport *report = clientele_outbox_sender_get_report (self->sender);
  gboolean running = clientele_outbox_sender_get_running (self->sender);
  guint seen = report->sent + report->failed + report->waiting + report->uncertain;
  g_autofree char *text = NULL;

  /* TRANSLATORS: the counts of the messages of the outbox's run under way. */
  text = g_strdup_printf (_ ("Sending messages… Sent: %u, failed: %u, waiting: %u"), report->sent,
                          report->failed + report->uncertain,
                          clientele_outbox_sender_get_waiting (self->sender));
  gtk_label_set_text (self->outbox_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->outbox_cancel_button), running);
  gtk_revealer_set_reveal_child (self->outbox_bar, running && seen > 0);
}

static void
outbox_cancel_clicked_cb (ClienteleWindow *self)
{
  clientele_outbox_sender_cancel (self->sender);
  gtk_widget_set_sensitive (GTK_WIDGET (self->outbox_cancel_button), FALSE);
}

static void
outbox_run_finished_cb (ClienteleWindow *self, const GError *error)
{
  const ClienteleOutboxReport *report = clientele_outbox_sender_get_report (self->sender);
  guint failed = report->failed + report->uncertain;
  g_autofree char *text = NULL;

  update_outbox_bar (self);
  if (error != NULL)
    {
      g_debug ("The outbox could not be sent: %s", error->message);
      return;
    }
  if (report->sent > 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u queued message was sent.",
                                           "%u queued messages were sent.", report->sent),
                              report->sent);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
  if (failed > 0)
    {
      g_free (text);
      text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u message could not be sent: see the Outbox.",
                     "%u messages could not be sent: see the Outbox.", failed),
        failed);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
}

/* A message queued before the app closed (or put off after a 4xx) goes
 * when the app runs again, and what is queued while it runs goes within
 * the sender's interval (at once when the message dialog asks). Not for
 * the sample data, whose file never sends. */
static void
start_sender (ClienteleWindow *self)
{
  self->sender = clientele_outbox_sender_get_for_store (self->store);
  g_signal_connect_object (self->sender, "notify::running", G_CALLBACK (update_outbox_bar), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "notify::sent", G_CALLBACK (update_outbox_bar), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "notify::failed", G_CALLBACK (update_outbox_bar), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "notify::waiting", G_CALLBACK (update_outbox_bar), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "run-finished", G_CALLBACK (outbox_run_finished_cb), self,
                           G_CONNECT_SWAPPED);
  if (!self->is_demo && self->settings_store == NULL)
    {
      clientele_outbox_sender_set_automatic (self->sender, TRUE);
      /* Birthdays and welcomes while the app is open (clientele-auto-sender.c),
       * sent by this sender. */
      clientele_auto_sender_attach (GTK_WIDGET (self), self->store, self->cancellable);
    }
  update_outbox_bar (self);
}

static void
release_application_cb (ClienteleOutboxSender *sender, const GError *error, GApplication *app)
{
  g_signal_handlers_disconnect_by_func (sender, release_application_cb, app);
  g_application_release (app);
  g_object_unref (app);
}

/* Closing keeps the queue: what has not gone goes with the next run. The
 * application waits for the message on its way (@app, nullable), which
 * would otherwise be cut off and become uncertain. */
static void
stop_sender (ClienteleWindow *self, GtkApplication *app)
{
  if (self->sender == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->sender, self);
  if (clientele_outbox_sender_get_automatic (self->sender))
    {
      clientele_outbox_sender_set_automatic (self->sender, FALSE);
      clientele_outbox_sender_cancel (self->sender);
    }
  if (app != NULL && clientele_outbox_sender_get_running (self->sender))
    {
      g_application_hold (G_APPLICATION (app));
      g_signal_connect (self->sender, "run-finished", G_CALLBACK (release_application_cb),
                        g_object_ref (app));
    }
  g_clear_object (&self->sender);
}

ClienteleOutboxSender *
clientele_window_get_sender (ClienteleWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_WINDOW (self), NULL);
  return self->sender;
}

static void
clientele_window_constructed (GObject *object)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);
  GtkEventController *keys;

  G_OBJECT_CLASS (clientele_window_parent_class)->constructed (object);

  g_return_if_fail (CLIENTELE_IS_STORE (self->store));

  /* What the last session deleted can no longer be undone. */
  _clientele_window_purge_deleted (self, 0);
  self->list = clientele_client_list_new (self->store);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  /* Beside the search it combines with. */
  gtk_widget_insert_after (clientele_list_filter_new (self->store, self->list),
                           gtk_widget_get_parent (GTK_WIDGET (self->search_entry)),
                           GTK_WIDGET (self->search_entry));

  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::error", G_CALLBACK (list_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::counting", G_CALLBACK (list_counting_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "client-changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "clients-changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  _clientele_window_watch_bookings (self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "clientele-list-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (column_view_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "clientele-search-keys");
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  self->settings = lookup_settings ();
  restore_window_size (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
  restore_sort (self);

  if (self->is_demo)
    adw_window_title_set_subtitle (self->window_title, _ ("Sample data"));
  gtk_revealer_set_reveal_child (self->sample_banner, self->is_demo);
  gtk_widget_set_visible (GTK_WIDGET (self->try_sample_button), !self->is_demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sample-data", !self->is_demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.real-data", self->is_demo);

  if (self->is_demo && self->settings_store != NULL)
    _clientele_window_copy_real_settings (self);
  if (self->is_demo && g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    start_demo_fill (self);

  start_sender (self);
  update_view (self);
}

static void
clientele_window_dispose (GObject *object)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  stop_sender (self, NULL);

  /* The store and list may outlive the window (tests, other windows). */
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);

  /* Cells still bound point at the list's items until the view goes. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_WINDOW);

  G_OBJECT_CLASS (clientele_window_parent_class)->dispose (object);
}

static void
clientele_window_finalize (GObject *object)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->settings_store);
  g_clear_object (&self->settings);
  g_clear_object (&self->probe_items[0]);
  g_clear_object (&self->probe_items[1]);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (clientele_window_parent_class)->finalize (object);
}

static void
clientele_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;

    case PROP_IS_DEMO: g_value_set_boolean (value, self->is_demo); break;

    case PROP_SETTINGS_STORE: g_value_set_object (value, self->settings_store); break;

    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_window_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;

    case PROP_IS_DEMO: self->is_demo = g_value_get_boolean (value); break;

    case PROP_SETTINGS_STORE: self->settings_store = g_value_dup_object (value); break;

    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_window_class_init (ClienteleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = clientele_window_constructed;
  object_class->dispose = clientele_window_dispose;
  object_class->finalize = clientele_window_finalize;
  object_class->get_property = clientele_window_get_property;
  object_class->set_property = clientele_window_set_property;
  window_class->close_request = clientele_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_IS_DEMO] =
    g_param_spec_boolean ("is-demo", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SETTINGS_STORE] =
    g_param_spec_object ("settings-store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referencing the resource pulls its object file out of the static app
   * library; its constructor then registers it. */
  (void)clientele_get_resource ();

  /* The list's cells, named by the template's factories. */
  g_type_ensure (CLIENTELE_TYPE_CLIENT);
  g_type_ensure (CLIENTELE_TYPE_DATE_CELL);
  g_type_ensure (CLIENTELE_TYPE_FLAG_CELL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/clientele/Clientele/clientele-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, other_actions_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, sample_banner);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, flag_column);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, phone_column);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, email_column);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, city_column);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, last_visit_column);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, next_appointment_column);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, try_sample_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, busy_box);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, outbox_bar);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, outbox_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleWindow, outbox_cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, outbox_cancel_clicked_cb);

  _clientele_window_install_actions (widget_class);
}

static void
clientele_window_init (ClienteleWindow *self)
{
  self->probe_items[0] = clientele_client_new ();
  self->probe_items[1] = clientele_client_new ();
  self->probed_column = -1;
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  set_probe_sorters (self);
}

ClienteleWindow *
clientele_window_new (AdwApplication *application, ClienteleStore *store, gboolean is_demo)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return g_object_new (CLIENTELE_TYPE_WINDOW, "application", application, "store", store, "is-demo",
                       is_demo, NULL);
}

ClienteleWindow *
clientele_window_new_for_sample_data (AdwApplication *application,
                                      ClienteleStore *sample,
                                      ClienteleStore *real)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CLIENTELE_IS_STORE (sample), NULL);
  g_return_val_if_fail (CLIENTELE_IS_STORE (real), NULL);

  return g_object_new (CLIENTELE_TYPE_WINDOW, "application", application, "store", sample,
                       "is-demo", TRUE, "settings-store", real, NULL);
}

ClienteleStore *
clientele_window_get_store (ClienteleWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_WINDOW (self), NULL);

  return self->store;
}

ClienteleClientList *
clientele_window_get_list (ClienteleWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_WINDOW (self), NULL);

  return self->list;
}
