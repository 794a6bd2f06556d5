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

#include "clientele-client-dialog.h"
#include "clientele-export-dialog.h"
#include "clientele-resources.h"
#include "clientele-duplicates-window.h"
#include "clientele-preferences-window.h"
#include "clientele-window.h"

#define DEMO_CLIENTS 10000
#define DEMO_SEED 1789
#define DEMO_PROGRESS_INTERVAL_MS 100
#define UNDO_TOAST_SECONDS 10

#define N_SORT_COLUMNS (CLIENTELE_SORT_FLAGGED + 1)

/* GSettings "sort-column" values, indexed by ClienteleSortColumn. */
static const char *sort_column_names[N_SORT_COLUMNS] = {
  [CLIENTELE_SORT_NAME] = "name",
  [CLIENTELE_SORT_PHONE] = "phone",
  [CLIENTELE_SORT_EMAIL] = "email",
  [CLIENTELE_SORT_CITY] = "city",
  [CLIENTELE_SORT_LAST_VISIT] = "last-visit",
  [CLIENTELE_SORT_NEXT_APPOINTMENT] = "next-appointment",
  [CLIENTELE_SORT_FLAGGED] = "flagged",
};

/* What a column's probe sorter reports back. */
typedef struct {
  ClienteleWindow     *window;
  ClienteleSortColumn  column;
} SortProbe;

/* Shared by the window and the worker thread filling the sample-data file. */
typedef struct {
  char *path;
  gint  done;  /* written by the worker with g_atomic_int_set */
} DemoJob;

struct _ClienteleWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkSearchEntry      *search_entry;
  AdwWindowTitle      *window_title;
  GtkLabel            *counts_label;
  GtkMenuButton       *other_actions_button;
  GtkRevealer         *sample_banner;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *flag_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *phone_column;
  GtkColumnViewColumn *email_column;
  GtkColumnViewColumn *city_column;
  GtkColumnViewColumn *last_visit_column;
  GtkColumnViewColumn *next_appointment_column;
  AdwStatusPage       *no_match_page;
  GtkButton           *create_button;
  GtkButton           *try_sample_button;
  GtkSpinner          *loading_spinner;
  GtkProgressBar      *loading_progress;

  /* Owned references */
  ClienteleStore      *store;
  ClienteleClientList *list;
  GtkSingleSelection  *selection;
  GSettings           *settings;      /* NULL when the schema is not installed */
  ClienteleClient     *probe_items[2];  /* two: gtk_sorter_compare() skips an item against itself */
  GCancellable        *demo_cancellable;
  DemoJob             *demo_job;

  /* State */
  SortProbe            probes[N_SORT_COLUMNS];
  int                  probed_column;  /* -1 until a probe sorter runs */
  guint                demo_progress_source;
  gboolean             is_demo;
  /* Enter was pressed while the search was still being counted. */
  gboolean             activate_when_counted;
};

G_DEFINE_FINAL_TYPE (ClienteleWindow, clientele_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_IS_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_view (ClienteleWindow *self);

static void
show_error_toast (ClienteleWindow *self,
                  const GError    *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- Cells ---- */

static char *
format_date (gint64 when)
{
  g_autoptr(GDateTime) date = NULL;

  if (when <= 0 || !(date = g_date_time_new_from_unix_local (when)))
    return g_strdup ("");

  return g_date_time_format (date, clientele_date_pattern ());
}

static char *
name_text (GtkListItem *list_item,
           gboolean     loaded,
           const char  *display_name)
{
  return g_strdup (loaded && display_name != NULL ? display_name : "");
}

static char *
phone_text (GtkListItem *list_item,
            const char  *phone,
            const char  *mobile)
{
  return g_strdup (phone != NULL && phone[0] != '\0' ? phone : mobile ? mobile : "");
}

static char *
date_text (GtkListItem *list_item,
           gint64       when)
{
  return format_date (when);
}

static GtkExpression *
item_property (const char *property)
{
  return gtk_property_expression_new (CLIENTELE_TYPE_CLIENT,
                                      gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                      property);
}

static GtkExpression *
item_closure (GCallback   callback,
              const char *first_property,
              const char *second_property)
{
  GtkExpression *params[2] = { item_property (first_property), NULL };

  if (second_property != NULL)
    params[1] = item_property (second_property);

  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, second_property ? 2 : 1, params,
                                      callback, NULL, NULL);
}

static void
setup_text_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    GtkExpression            *expression)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);

  gtk_expression_bind (gtk_expression_ref (expression), label, "label", list_item);
}

/* Text cells follow their item through property expressions, so a
 * placeholder fills in when its page arrives without any rebinding. */
static void
set_text_factory (GtkColumnViewColumn *column,
                  GtkExpression       *expression)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_text_cell_cb),
                         expression, (GClosureNotify) (void (*) (void)) gtk_expression_unref, 0);
  gtk_column_view_column_set_factory (column, factory);
}

static void
sync_flag_cell (GtkCheckButton  *check,
                ClienteleClient *item)
{
  gboolean loaded = clientele_client_get_loaded (item);
  g_autofree char *name = NULL;

  /* Showing the state is not a user's toggle: no write to the store. */
  g_object_set_data (G_OBJECT (check), "clientele-syncing", GINT_TO_POINTER (TRUE));
  gtk_check_button_set_active (check, clientele_client_get_flagged (item));
  g_object_set_data (G_OBJECT (check), "clientele-syncing", NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (check), loaded);

  name = g_strdup_printf (_("Flag %s"), loaded ? clientele_client_get_display_name (item) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, g_strstrip (name),
                                  -1);
}

static void
flag_item_notify_cb (ClienteleClient *item,
                     GParamSpec      *pspec,
                     GtkCheckButton  *check)
{
  sync_flag_cell (check, item);
}

static void
flag_toggled_cb (GtkCheckButton  *check,
                 ClienteleWindow *self)
{
  ClienteleClient *item = g_object_get_data (G_OBJECT (check), "clientele-item");
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_check_button_get_active (check);

  if (item == NULL || g_object_get_data (G_OBJECT (check), "clientele-syncing") ||
      !clientele_client_get_loaded (item) || active == clientele_client_get_flagged (item))
    return;

  if (!clientele_store_set_flagged (self->store, clientele_client_get_id (item), active, &error))
    {
      show_error_toast (self, error);
      sync_flag_cell (check, item);
    }
}

static void
setup_flag_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    ClienteleWindow          *self)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  g_signal_connect (check, "toggled", G_CALLBACK (flag_toggled_cb), self);
  gtk_list_item_set_child (list_item, check);
}

static void
bind_flag_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   ClienteleWindow          *self)
{
  GtkWidget *check = gtk_list_item_get_child (list_item);
  ClienteleClient *item = gtk_list_item_get_item (list_item);
  gulong handler;

  g_object_set_data (G_OBJECT (check), "clientele-item", item);
  sync_flag_cell (GTK_CHECK_BUTTON (check), item);

  handler = g_signal_connect_object (item, "notify", G_CALLBACK (flag_item_notify_cb), check, 0);
  g_object_set_data (G_OBJECT (check), "clientele-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_flag_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     ClienteleWindow          *self)
{
  GtkWidget *check = gtk_list_item_get_child (list_item);
  ClienteleClient *item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "clientele-handler"));

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);

  g_object_set_data (G_OBJECT (check), "clientele-handler", NULL);
  g_object_set_data (G_OBJECT (check), "clientele-item", NULL);
}

static void
set_flag_factory (ClienteleWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_flag_cell_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_flag_cell_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_flag_cell_cb), self);
  gtk_column_view_column_set_factory (self->flag_column, factory);
}

static void
set_factories (ClienteleWindow *self)
{
  set_flag_factory (self);
  set_text_factory (self->name_column,
                    item_closure (G_CALLBACK (name_text), "loaded", "display-name"));
  set_text_factory (self->phone_column, item_closure (G_CALLBACK (phone_text), "phone", "mobile"));
  set_text_factory (self->email_column, item_property ("email"));
  set_text_factory (self->city_column, item_property ("city"));
  set_text_factory (self->last_visit_column,
                    item_closure (G_CALLBACK (date_text), "last-visit", NULL));
  set_text_factory (self->next_appointment_column,
                    item_closure (G_CALLBACK (date_text), "next-appointment", NULL));
}

/* ---- Sorting ---- */

static GtkColumnViewColumn *
column_for_sort (ClienteleWindow     *self,
                 ClienteleSortColumn  sort)
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
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
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
      g_autoptr(GtkCustomSorter) sorter = NULL;

      self->probes[i].window = self;
      self->probes[i].column = i;
      sorter = gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL);
      gtk_column_view_column_set_sorter (column_for_sort (self, i), GTK_SORTER (sorter));
    }
}

static void
view_sorter_changed_cb (ClienteleWindow *self,
                        GtkSorterChange  change,
                        GtkSorter       *sorter)
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
      g_settings_set_string (self->settings, "sort-column", sort_column_names[column]);
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
      for (guint i = 0; i < N_SORT_COLUMNS; i++)
        if (g_strcmp0 (name, sort_column_names[i]) == 0)
          column = i;
    }

  gtk_column_view_sort_by_column (self->column_view, column_for_sort (self, column),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

/* ---- Counts and pages ---- */

/* "Other actions" act on the flagged clients only: with none flagged they are
 * disabled, and the button's tooltip says why instead of leaving a dead menu. */
static void
update_other_actions (ClienteleWindow *self,
                      gint64           n_flagged)
{
  g_autofree char *tooltip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", n_flagged > 0);
  if (n_flagged > 0)
    tooltip = g_strdup_printf (ngettext ("Act on the %'u flagged client",
                                         "Act on the %'u flagged clients", (gulong) n_flagged),
                               (guint) n_flagged);
  else
    tooltip = g_strdup (_("Flag clients with their check box to act on them"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->other_actions_button), tooltip);
}

static void
update_counts (ClienteleWindow *self)
{
  guint n_clients = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  gint64 n_flagged = clientele_store_count_flagged (self->store, NULL);
  g_autofree char *clients = NULL;
  g_autofree char *flagged = NULL;
  g_autofree char *text = NULL;

  n_flagged = MAX (n_flagged, 0);
  clients = g_strdup_printf (ngettext ("%'u client", "%'u clients", n_clients), n_clients);
  flagged = g_strdup_printf (ngettext ("%'u flagged", "%'u flagged", (gulong) n_flagged),
                             (guint) n_flagged);
  /* TRANSLATORS: "10,000 clients · 3 flagged" */
  text = g_strdup_printf (C_("client counts", "%s · %s"), clients, flagged);
  gtk_label_set_label (self->counts_label, text);
  update_other_actions (self, n_flagged);
}

static void
update_no_match_page (ClienteleWindow *self,
                      const char      *search)
{
  g_autofree char *description = NULL;
  g_autofree char *button = NULL;

  description = g_strdup_printf (_("No client matches “%s”."), search);
  button = g_strdup_printf (_("Create client “%s”"), search);
  adw_status_page_set_description (self->no_match_page, description);
  gtk_button_set_label (self->create_button, button);
}

static void
update_view (ClienteleWindow *self)
{
  const char *search = clientele_client_list_get_search (self->list);
  const char *page;

  if (self->demo_job != NULL)
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    page = "list";
  else if (search[0] != '\0')
    page = "no-match";
  else
    page = "empty";

  if (g_str_equal (page, "no-match"))
    update_no_match_page (self, search);

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-from-search",
                                 g_str_equal (page, "no-match"));
  update_counts (self);
}

static void
list_items_changed_cb (ClienteleWindow *self)
{
  update_view (self);
}

static void
store_changed_cb (ClienteleWindow *self)
{
  update_counts (self);
}

/* ---- Opening clients ---- */

static void
open_client (ClienteleWindow *self,
             gint64           id,
             const char      *initial_name)
{
  ClienteleClientDialog *dialog;

  /* The same client twice would let two dialogs overwrite each other. */
  if (id != 0)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (CLIENTELE_IS_CLIENT_DIALOG (window) &&
              gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (self) &&
              clientele_client_dialog_get_client_id (CLIENTELE_CLIENT_DIALOG (window)) == id)
            {
              gtk_window_present (GTK_WINDOW (window));
              return;
            }
        }
    }

  dialog = clientele_client_dialog_new (GTK_WINDOW (self), self->store, id, initial_name);
  gtk_window_present (GTK_WINDOW (dialog));
}

static ClienteleClient *
selected_client (ClienteleWindow *self)
{
  ClienteleClient *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL && clientele_client_get_loaded (item) ? item : NULL;
}

static void
column_view_activate_cb (ClienteleWindow *self,
                         guint            position)
{
  g_autoptr(ClienteleClient) item = g_list_model_get_item (G_LIST_MODEL (self->list), position);

  if (item != NULL && clientele_client_get_loaded (item))
    open_client (self, clientele_client_get_id (item), NULL);
}

static gboolean
column_view_key_pressed_cb (ClienteleWindow       *self,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            GtkEventControllerKey *controller)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  ClienteleClient *item;
  g_autoptr(GError) error = NULL;

  /* A focused check button toggles itself on Space. */
  if (keyval != GDK_KEY_space || (state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      GTK_IS_CHECK_BUTTON (focus) || !(item = selected_client (self)))
    return GDK_EVENT_PROPAGATE;

  if (!clientele_store_set_flagged (self->store, clientele_client_get_id (item),
                                    !clientele_client_get_flagged (item), &error))
    show_error_toast (self, error);

  return GDK_EVENT_STOP;
}

/* ---- Search ---- */

static void
search_changed_cb (ClienteleWindow *self,
                   GtkSearchEntry  *entry)
{
  /* Typing on after Enter takes the Enter back. */
  self->activate_when_counted = FALSE;
  clientele_client_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Enter: the first match, or a new client of that name when none matches. */
static void
activate_search (ClienteleWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (clientele_client_list_get_search (self->list)));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    {
      if (text[0] != '\0')
        open_client (self, 0, text);
      return;
    }

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
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
search_activate_cb (ClienteleWindow *self,
                    GtkSearchEntry  *entry)
{
  /* Enter may come before the debounced "search-changed". */
  search_changed_cb (self, entry);

  /* The matches are being counted on the list's worker: act on the answer. */
  self->activate_when_counted = clientele_client_list_get_counting (self->list);
  if (!self->activate_when_counted)
    activate_search (self);
}

static void
search_stop_cb (ClienteleWindow *self,
                GtkSearchEntry  *entry)
{
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* ---- Actions ---- */

static void
new_client_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_client (CLIENTELE_WINDOW (widget), 0, NULL);
}

static void
create_from_search_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autofree char *name = g_strstrip (g_strdup (clientele_client_list_get_search (self->list)));

  open_client (self, 0, name);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
flag_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  const char *search = clientele_client_list_get_search (self->list);
  g_autoptr(GError) error = NULL;
  ClienteleFlagOp op;

  if (g_str_equal (action_name, "win.flag-all"))
    op = CLIENTELE_FLAG_OP_SET;
  else if (g_str_equal (action_name, "win.flag-none"))
    op = CLIENTELE_FLAG_OP_CLEAR;
  else
    op = CLIENTELE_FLAG_OP_INVERT;

  /* They apply to the clients listed, that is those matching the search. */
  if (!clientele_store_flag_matching (self->store, search[0] != '\0' ? search : NULL, op, &error))
    show_error_toast (self, error);
}

/* The clients a delete acts on: the flagged ones, else the selected one. */
static GArray *
target_ids (ClienteleWindow  *self,
            GError          **error)
{
  g_autoptr(GArray) ids = clientele_store_get_flagged_ids (self->store, error);
  ClienteleClient *item;

  if (ids == NULL)
    return NULL;

  if (ids->len == 0 && (item = selected_client (self)))
    {
      gint64 id = clientele_client_get_id (item);

      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

static char *
delete_body (ClienteleWindow *self,
             GArray          *ids)
{
  g_autoptr(ClienteleClient) client = NULL;

  if (ids->len == 1 &&
      (client = clientele_store_get_client (self->store, g_array_index (ids, gint64, 0), NULL)))
    return g_strdup_printf (_("“%s” and all their appointments will be deleted."),
                            clientele_client_get_display_name (client));

  return g_strdup_printf (ngettext ("The flagged client and all their appointments will be deleted.",
                                    "The %'u flagged clients and all their appointments will be deleted.",
                                    ids->len),
                          ids->len);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!clientele_store_undo_delete (self->store, g_variant_get_int64 (parameter), &error))
    show_error_toast (self, error);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ClienteleWindow  *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "clientele-ids");
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  gint64 batch;

  if (!g_str_equal (response, "delete"))
    return;

  batch = clientele_store_delete_clients (self->store, (const gint64 *) ids->data, ids->len,
                                          &error);
  if (batch == 0)
    {
      show_error_toast (self, error);
      return;
    }

  title = g_strdup_printf (ngettext ("%'u client deleted", "%'u clients deleted", ids->len),
                           ids->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (batch));
  adw_toast_set_timeout (toast, UNDO_TOAST_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!(ids = target_ids (self, &error)))
    {
      show_error_toast (self, error);
      return;
    }

  if (ids->len == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Flag the clients to delete, or select one.")));
      return;
    }

  heading = g_strdup_printf (ngettext ("Delete %'u client?", "Delete %'u clients?", ids->len),
                             ids->len);
  body = delete_body (self, ids);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("Cancel"),
                                    "delete", _("Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "clientele-ids", g_steal_pointer (&ids),
                          (GDestroyNotify) g_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
duplicates_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (clientele_duplicates_window_new (GTK_WINDOW (self), self->store)));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (clientele_preferences_window_new (GTK_WINDOW (self), self->store)));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = clientele_store_get_flagged_ids (self->store, &error);

  if (ids == NULL)
    {
      show_error_toast (self, error);
      return;
    }

  if (ids->len == 0)
    return;
  clientele_export_dialog_start (GTK_WINDOW (self), self->store, ids, self->toast_overlay);
}

static void
switch_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (widget)));

  if (application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application),
                                    g_str_equal (action_name, "win.sample-data")
                                    ? "sample-data" : "real-data",
                                    NULL);
}

/* ---- Sample data ---- */

static void
demo_job_clear (DemoJob *job)
{
  g_free (job->path);
}

static void
demo_job_unref (DemoJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) demo_job_clear);
}

static void
demo_progress_cb (guint    done,
                  gpointer user_data)
{
  DemoJob *job = user_data;

  g_atomic_int_set (&job->done, (gint) done);
}

static void
demo_fill_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DemoJob *job = task_data;
  g_autoptr(ClienteleStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;

  /* Its own connection: a store is used from one thread only. */
  if (!(store = clientele_store_open (job->path, &error)) ||
      (count = clientele_store_count_clients (store, NULL, &error)) < 0 ||
      (count == 0 && !clientele_demo_fill (store, DEMO_CLIENTS, DEMO_SEED, demo_progress_cb, job,
                                           cancellable, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
demo_progress_timeout_cb (gpointer user_data)
{
  ClienteleWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->loading_progress,
                                 (double) g_atomic_int_get (&self->demo_job->done) / DEMO_CLIENTS);

  return G_SOURCE_CONTINUE;
}

static void
demo_fill_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the window is closing */

  g_clear_handle_id (&self->demo_progress_source, g_source_remove);
  g_clear_pointer (&self->demo_job, demo_job_unref);
  g_clear_object (&self->demo_cancellable);
  gtk_spinner_stop (self->loading_spinner);

  if (error != NULL)
    show_error_toast (self, error);

  /* The clients arrived through another connection: no store signal here. */
  clientele_client_list_reload (self->list);
  update_view (self);
}

static void
start_demo_fill (ClienteleWindow *self)
{
  g_autoptr(GTask) task = NULL;

  self->demo_job = g_atomic_rc_box_new0 (DemoJob);
  self->demo_job->path = g_strdup (clientele_store_get_path (self->store));
  self->demo_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->demo_cancellable, demo_fill_done_cb, NULL);
  g_task_set_source_tag (task, start_demo_fill);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->demo_job),
                        (GDestroyNotify) demo_job_unref);
  g_task_run_in_thread (task, demo_fill_thread);

  gtk_spinner_start (self->loading_spinner);
  self->demo_progress_source = g_timeout_add (DEMO_PROGRESS_INTERVAL_MS,
                                              demo_progress_timeout_cb, self);
}

/* ---- Settings ---- */

static GSettings *
lookup_settings (void)
{
  static const char *keys[] = { "window-width", "window-height", "window-maximized",
                                "sort-column", "sort-descending" };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

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

static gboolean
clientele_window_close_request (GtkWindow *window)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (window);
  int width;
  int height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  if (GTK_WINDOW_CLASS (clientele_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (clientele_window_parent_class)->close_request (window);

  return FALSE;
}

/* ---- Object ---- */

static void
clientele_window_constructed (GObject *object)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);
  GtkEventController *keys;

  G_OBJECT_CLASS (clientele_window_parent_class)->constructed (object);

  g_return_if_fail (CLIENTELE_IS_STORE (self->store));

  self->list = clientele_client_list_new (self->store);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::counting",
                           G_CALLBACK (list_counting_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "client-changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "clients-changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (column_view_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);

  self->settings = lookup_settings ();
  restore_window_size (self);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
  restore_sort (self);

  if (self->is_demo)
    adw_window_title_set_subtitle (self->window_title, _("Sample data"));
  gtk_revealer_set_reveal_child (self->sample_banner, self->is_demo);
  gtk_widget_set_visible (GTK_WIDGET (self->try_sample_button), !self->is_demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sample-data", !self->is_demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.real-data", self->is_demo);

  if (self->is_demo && g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    start_demo_fill (self);

  update_view (self);
}

static void
clientele_window_dispose (GObject *object)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);

  g_cancellable_cancel (self->demo_cancellable);
  g_clear_handle_id (&self->demo_progress_source, g_source_remove);

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
  g_clear_object (&self->settings);
  g_clear_object (&self->probe_items[0]);
  g_clear_object (&self->probe_items[1]);
  g_clear_object (&self->demo_cancellable);
  g_clear_pointer (&self->demo_job, demo_job_unref);

  G_OBJECT_CLASS (clientele_window_parent_class)->finalize (object);
}

static void
clientele_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_IS_DEMO:
      self->is_demo = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-client", NULL, new_client_action);
  gtk_widget_class_install_action (widget_class, "win.create-from-search", NULL,
                                   create_from_search_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.flag-all", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.flag-none", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.invert-flags", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "x", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.duplicates", NULL, duplicates_action);
  gtk_widget_class_install_action (widget_class, "win.sample-data", NULL, switch_file_action);
  gtk_widget_class_install_action (widget_class, "win.real-data", NULL, switch_file_action);

  /* Bubble phase: a focused text entry gets Delete (and the others) first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-client", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete", NULL);
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
    g_param_spec_object ("store", NULL, NULL,
                         CLIENTELE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_IS_DEMO] =
    g_param_spec_boolean ("is-demo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referencing the resource pulls its object file out of the static app
   * library; its constructor then registers it. */
  (void) clientele_get_resource ();

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
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  install_actions (widget_class);
}

static void
clientele_window_init (ClienteleWindow *self)
{
  self->probe_items[0] = clientele_client_new ();
  self->probe_items[1] = clientele_client_new ();
  self->probed_column = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  set_factories (self);
  set_probe_sorters (self);
}

ClienteleWindow *
clientele_window_new (AdwApplication *application,
                      ClienteleStore *store,
                      gboolean        is_demo)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return g_object_new (CLIENTELE_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "is-demo", is_demo,
                       NULL);
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
