/* clientele-window-private.h: what the main window's files share: the
 * struct and the functions of one file that the other calls. The window is
 * one class over clientele-window.c (the object, the list, search, sorting,
 * sample data, settings, the outbox sender's bar) and
 * clientele-window-actions.c (its actions: new client, flags, delete and
 * undo, export, duplicates, statistics, the outbox, preferences). */
#pragma once

#include "clientele-window.h"

G_BEGIN_DECLS

/* How long a delete's Undo is offered. */
#define UNDO_TOAST_SECONDS 10

#define N_SORT_COLUMNS (CLIENTELE_SORT_FLAGGED + 1)

/* What a column's probe sorter reports back. */
typedef struct
{
  ClienteleWindow *window;
  ClienteleSortColumn column;
} SortProbe;

struct _ClienteleWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkSearchEntry *search_entry;
  AdwWindowTitle *window_title;
  GtkLabel *counts_label;
  GtkMenuButton *other_actions_button;
  GtkRevealer *sample_banner;
  GtkStack *stack;
  GtkColumnView *column_view;
  GtkColumnViewColumn *flag_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *phone_column;
  GtkColumnViewColumn *email_column;
  GtkColumnViewColumn *city_column;
  GtkColumnViewColumn *last_visit_column;
  GtkColumnViewColumn *next_appointment_column;
  AdwStatusPage *no_match_page;
  GtkButton *create_button;
  GtkButton *try_sample_button;
  GtkSpinner *loading_spinner;
  GtkProgressBar *loading_progress;
  AdwStatusPage *error_page;
  GtkWidget *busy_box;
  GtkSpinner *busy_spinner;
  GtkLabel *busy_label;
  GtkRevealer *outbox_bar;
  GtkLabel *outbox_label;
  GtkButton *outbox_cancel_button;

  /* Owned references */
  GCancellable *cancellable; /* cancels the bulk actions when the window closes */
  ClienteleStore *store;
  /* The real file's, while sample data is shown (NULL otherwise): the
   * business and mail settings are always the user's. */
  ClienteleStore *settings_store;
  ClienteleClientList *list;
  GtkSingleSelection *selection;
  GSettings *settings; /* NULL when the schema is not installed */
  /* The store's sender, automatic for the real file (not for sample data,
   * nor in tests that give a settings store). */
  ClienteleOutboxSender *sender;
  ClienteleClient *probe_items[2]; /* two: gtk_sorter_compare() skips an item against itself */

  /* State */
  SortProbe probes[N_SORT_COLUMNS];
  int probed_column; /* -1 until a probe sorter runs */
  /* The sample-data file is being filled (the loading page shows). */
  gboolean filling_demo;
  gboolean is_demo;
  /* A bulk action (flags, delete, undo) runs on a worker: the others wait. */
  gboolean busy;
  /* Enter was pressed while the search was still being counted. */
  gboolean activate_when_counted;
  /* Closing waits for a client dialog's "Discard changes?". */
  gboolean closing;
  /* The last delete, undoable for the session (0: none). */
  gint64 last_batch;
  /* Delete's targets are being read; they are the flagged ones shown. */
  gboolean asking_delete;
  gboolean deleting_flagged;
  /* The counter's flag counts: a newer request makes older answers stale. */
  guint flag_count_generation;
};

void _clientele_window_show_error (ClienteleWindow *self, const GError *error);
void _clientele_window_update_counts (ClienteleWindow *self);
ClienteleClient *_clientele_window_selected_client (ClienteleWindow *self);
/* Opens the client @id (0: a new one named @initial_name), or says why not. */
void _clientele_window_open_client (ClienteleWindow *self, gint64 id, const char *initial_name);
/* Removes for good the clients that the delete of @batch hid (0: every
 * delete's), in the background (clientele-window-actions.c). */
void _clientele_window_purge_deleted (ClienteleWindow *self, gint64 batch);
/* The actions that depend on a search being shown or on an undo. */
void _clientele_window_update_flag_actions (ClienteleWindow *self);
/* clientele-window-actions.c: the window's actions and their shortcuts. */
void _clientele_window_install_actions (GtkWidgetClass *widget_class);
/* The sample data's file takes the real file's settings (issue 23, item 6). */
void _clientele_window_copy_real_settings (ClienteleWindow *self);

G_END_DECLS
