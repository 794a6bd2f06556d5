/* test-outbox-window.c: the Outbox window on a real client file: its rows
 * show each message's state, words, recipient and last error, newest
 * first; the filter shows one state (and the empty page when none is in
 * it); Resend on a failed message queues it again and Cancel on a queued one
 * cancels it, through the rows' own buttons, the list read again after;
 * the list comes a page at a time (Load More, then no more); a run of the
 * sender makes it read again; every control has an accessible name; the
 * main window's "Outbox" opens it. */
#include <string.h>

#include "clientele-outbox-message-row.h"
#include "clientele-outbox-window.h"
#include "clientele-store-private.h"
#include "clientele-window.h"

#include "test-smtp-server.h"
#include "test-ui-util.h"
#include "test-util.h"

typedef TestFile Fixture;

static char *
state_of (ClienteleStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleOutboxRow) row = clientele_store_get_outbox_row (store, id, &error);

  g_assert_no_error (error);
  return g_strdup (row->state);
}

static gint64
add_client (ClienteleStore *store, const char *first)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("%s@example.org", first);

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Client");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, "+33612345678");
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, "en");
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static gint64
queue (ClienteleStore *store, gint64 client, const char *channel, const char *subject)
{
  g_autoptr (GError) error = NULL;
  gint64 id =
    clientele_outbox_queue_message (store, client, channel, "promotion", subject, "Hello", &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The messages of every state, oldest first: ids[] in that order. */
enum {
  QUEUED,
  FAILED,
  UNCERTAIN,
  SENT,
  CANCELLED,
  SMS_QUEUED,
  N_MESSAGES
};

static void
fill_outbox (Fixture *fixture, gint64 ids[N_MESSAGES])
{
  gint64 anna = add_client (fixture->store, "anna");
  gint64 bruno = add_client (fixture->store, "bruno");
  g_autofree char *sql = NULL;

  ids[QUEUED] = queue (fixture->store, anna, "email", "Spring offer");
  ids[FAILED] = queue (fixture->store, bruno, "email", "Summer offer");
  ids[UNCERTAIN] = queue (fixture->store, anna, "email", "Autumn offer");
  ids[SENT] = queue (fixture->store, bruno, "email", "Winter offer");
  ids[CANCELLED] = queue (fixture->store, anna, "email", "New year offer");
  ids[SMS_QUEUED] = queue (fixture->store, bruno, "sms", "");
  sql = g_strdup_printf (
    "UPDATE outbox SET state = 'failed', attempts = 1,"
    " last_error = '550 5.1.1 No such user' WHERE id = %" G_GINT64_FORMAT ";"
    "UPDATE outbox SET state = 'uncertain', attempts = 1 WHERE id = %" G_GINT64_FORMAT ";"
    "UPDATE outbox SET state = 'sent', attempts = 1, sent_at = created WHERE id = %" G_GINT64_FORMAT
    ";"
    "UPDATE outbox SET state = 'cancelled' WHERE id = %" G_GINT64_FORMAT ";",
    ids[FAILED], ids[UNCERTAIN], ids[SENT], ids[CANCELLED]);
  test_store_exec (fixture->store, sql);
}

static gboolean
loaded (gpointer window)
{
  return !clientele_outbox_window_get_loading (window);
}

static ClienteleOutboxWindow *
open_window (Fixture *fixture, ClienteleOutboxSender *sender)
{
  ClienteleOutboxWindow *window = clientele_outbox_window_new (NULL, fixture->store, sender);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (loaded, window));
  test_spin_briefly ();
  return window;
}

static void
collect (GtkWidget *widget, GType type, GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GPtrArray *
all_rows (gpointer window)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (window), CLIENTELE_TYPE_OUTBOX_MESSAGE_ROW, found);
  return found;
}

/* The row of message @id, or NULL. */
static GtkWidget *
row_of (gpointer window, gint64 id)
{
  g_autoptr (GPtrArray) rows = all_rows (window);

  for (guint i = 0; i < rows->len; i++)
    {
      ClienteleOutboxItem *item = clientele_outbox_message_row_get_item (rows->pdata[i]);

      /* A row not bound to an item now is kept for reuse: no message. */
      if (item != NULL && clientele_outbox_item_get_row (item)->id == id)
        return rows->pdata[i];
    }
  return NULL;
}

static const char *
state_shown (GtkWidget *row)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect (row, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "outbox-state"))
      return gtk_label_get_text (labels->pdata[i]);
  return NULL;
}

/* What the row's labels show, one a line. */
static char *
row_text (GtkWidget *row)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  collect (row, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_visible (labels->pdata[i]))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (labels->pdata[i]));
  return g_string_free (text, FALSE);
}

/* The first label's: the subject, or an SMS's first words. */
static const char *
row_title (GtkWidget *row)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect (row, GTK_TYPE_LABEL, labels);
  return gtk_label_get_text (labels->pdata[0]);
}

static GtkWidget *
button (GtkWidget *row, const char *label)
{
  GtkWidget *found = test_find_labelled (row, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (found);
  return found;
}

static guint
n_shown (gpointer window)
{
  return g_list_model_get_n_items (clientele_outbox_window_get_messages (window));
}

/* Every message, newest first, its state in words, Resend only on a
 * failed or uncertain one, Cancel only on a queued one. */
static void
test_rows_show_states (Fixture *fixture, gconstpointer data)
{
  gint64 ids[N_MESSAGES];
  ClienteleOutboxWindow *window;
  g_autofree char *text = NULL;
  g_autofree char *sent_text = NULL;
  static const char *const words[N_MESSAGES] = { "Queued", "Failed",    "Uncertain",
                                                 "Sent",   "Cancelled", "Queued" };
  GtkWidget *failed;

  fill_outbox (fixture, ids);
  window = open_window (fixture, NULL);
  g_assert_cmpuint (n_shown (window), ==, N_MESSAGES);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autoptr (ClienteleOutboxItem) item =
        g_list_model_get_item (clientele_outbox_window_get_messages (window), i);
      gint64 id = ids[N_MESSAGES - 1 - i];
      const char *word = words[N_MESSAGES - 1 - i];
      gboolean resend = g_str_equal (word, "Failed") || g_str_equal (word, "Uncertain");
      GtkWidget *row = row_of (window, id);

      /* Newest first. */
      g_assert_cmpint (clientele_outbox_item_get_row (item)->id, ==, id);
      g_assert_nonnull (row);
      g_assert_cmpstr (state_shown (row), ==, word);
      g_assert_cmpint (gtk_widget_get_visible (button (row, "Resend")), ==, resend);
      g_assert_cmpint (gtk_widget_get_visible (button (row, "Cancel")), ==,
                       g_str_equal (word, "Queued"));
    }
  failed = row_of (window, ids[FAILED]);
  text = row_text (failed);
  g_assert_cmpstr (row_title (failed), ==, "Summer offer");
  g_assert_nonnull (strstr (text, "bruno@example.org"));
  g_assert_nonnull (strstr (text, "550 5.1.1 No such user"));
  g_assert_nonnull (strstr (text, "1 attempt"));
  g_assert_nonnull (strstr (text, "Promotion · Email"));
  /* A sent message has no error line; an SMS has no subject: its first
   * words stand for it. */
  sent_text = row_text (row_of (window, ids[SENT]));
  g_assert_null (strstr (sent_text, "550"));
  g_assert_cmpstr (row_title (row_of (window, ids[SMS_QUEUED])), ==, "Hello");
  /* A screen reader hears the message as the row's name. */
  g_assert_true (
    gtk_test_accessible_has_property (GTK_ACCESSIBLE (failed), GTK_ACCESSIBLE_PROPERTY_LABEL));
  test_save_screenshot (GTK_WIDGET (window), "outbox-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_mapped_status_page (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget);
}

/* One state at a time; none in it shows the empty page. */
static void
test_filter (Fixture *fixture, gconstpointer data)
{
  gint64 ids[N_MESSAGES];
  ClienteleOutboxWindow *window;

  fill_outbox (fixture, ids);
  window = open_window (fixture, NULL);
  clientele_outbox_window_set_state_filter (window, "queued");
  g_assert_true (test_spin_until (loaded, window));
  g_assert_cmpuint (n_shown (window), ==, 2);
  g_assert_nonnull (row_of (window, ids[QUEUED]));
  g_assert_nonnull (row_of (window, ids[SMS_QUEUED]));
  clientele_outbox_window_set_state_filter (window, "failed");
  g_assert_true (test_spin_until (loaded, window));
  test_spin_briefly ();
  g_assert_cmpuint (n_shown (window), ==, 1);
  g_assert_nonnull (row_of (window, ids[FAILED]));
  g_assert_null (test_find_widget (GTK_WIDGET (window), is_mapped_status_page, NULL));

  test_store_exec (fixture->store, "UPDATE outbox SET state = 'sent' WHERE state = 'uncertain'");
  clientele_outbox_window_set_state_filter (window, "uncertain");
  g_assert_true (test_spin_until (loaded, window));
  test_spin_briefly ();
  g_assert_cmpuint (n_shown (window), ==, 0);
  g_assert_nonnull (test_find_widget (GTK_WIDGET (window), is_mapped_status_page, NULL));
  clientele_outbox_window_set_state_filter (window, "");
  g_assert_true (test_spin_until (loaded, window));
  g_assert_cmpuint (n_shown (window), ==, N_MESSAGES);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  ClienteleOutboxWindow *window;
  gint64 id;
  const char *state;
} Shown;

/* Message @id shows @state, read again from the file. */
static gboolean
row_shows (gpointer data)
{
  Shown *shown = data;
  GtkWidget *row = row_of (shown->window, shown->id);

  return loaded (shown->window) && row != NULL && g_strcmp0 (state_shown (row), shown->state) == 0;
}

/* Resend on the failed message queues it again; Cancel on the queued one
 * cancels it; the rows say so once read again. */
static void
test_resend_and_cancel (Fixture *fixture, gconstpointer data)
{
  gint64 ids[N_MESSAGES];
  ClienteleOutboxWindow *window;
  Shown resent;
  Shown cancelled;
  g_autofree char *failed_state = NULL;
  g_autofree char *queued_state = NULL;

  fill_outbox (fixture, ids);
  window = open_window (fixture, NULL);
  resent = (Shown){ window, ids[FAILED], "Queued" };
  cancelled = (Shown){ window, ids[QUEUED], "Cancelled" };
  g_signal_emit_by_name (button (row_of (window, ids[FAILED]), "Resend"), "clicked");
  g_assert_true (test_spin_until (row_shows, &resent));
  failed_state = state_of (fixture->store, ids[FAILED]);
  g_assert_cmpstr (failed_state, ==, "queued");
  g_assert_true (gtk_widget_get_visible (button (row_of (window, ids[FAILED]), "Cancel")));

  g_signal_emit_by_name (button (row_of (window, ids[QUEUED]), "Cancel"), "clicked");
  g_assert_true (test_spin_until (row_shows, &cancelled));
  queued_state = state_of (fixture->store, ids[QUEUED]);
  g_assert_cmpstr (queued_state, ==, "cancelled");
  g_assert_false (gtk_widget_get_visible (button (row_of (window, ids[QUEUED]), "Cancel")));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* 450 messages: 200, Load More, 400, Load More, 450 and no more. */
static void
test_pages (Fixture *fixture, gconstpointer data)
{
  gint64 client = add_client (fixture->store, "anna");
  g_autofree char *sql = g_strdup_printf (
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 450)"
    " INSERT INTO outbox (client_id, channel, kind, recipient, subject, body, created)"
    " SELECT %" G_GINT64_FORMAT ", 'email', 'promotion', 'anna@example.org', 'Offer ' || i,"
    " 'Hello', 1700000000 + i FROM n",
    client);
  ClienteleOutboxWindow *window;
  GtkWidget *more;
  g_autoptr (ClienteleOutboxItem) first = NULL;
  g_autoptr (ClienteleOutboxItem) last = NULL;

  test_store_exec (fixture->store, sql);
  window = open_window (fixture, NULL);
  more = test_find_labelled (window, GTK_TYPE_BUTTON, "Load More");
  g_assert_nonnull (more);
  g_assert_cmpuint (n_shown (window), ==, CLIENTELE_OUTBOX_PAGE_SIZE);
  g_assert_true (gtk_widget_get_visible (more));
  g_signal_emit_by_name (more, "clicked");
  g_assert_true (test_spin_until (loaded, window));
  g_assert_cmpuint (n_shown (window), ==, 2 * CLIENTELE_OUTBOX_PAGE_SIZE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "outbox.load-more", NULL));
  g_assert_true (test_spin_until (loaded, window));
  g_assert_cmpuint (n_shown (window), ==, 450);
  g_assert_false (gtk_widget_get_visible (more));
  first = g_list_model_get_item (clientele_outbox_window_get_messages (window), 0);
  last = g_list_model_get_item (clientele_outbox_window_get_messages (window), 449);
  g_assert_cmpstr (clientele_outbox_item_get_row (first)->subject, ==, "Offer 450");
  g_assert_cmpstr (clientele_outbox_item_get_row (last)->subject, ==, "Offer 1");
  /* Reading again keeps every row shown. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "outbox.refresh", NULL));
  g_assert_true (test_spin_until (loaded, window));
  g_assert_cmpuint (n_shown (window), ==, 450);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  ClienteleOutboxWindow *window;
  guint n;
} Count;

static gboolean
shows_n (gpointer data)
{
  Count *count = data;

  return loaded (count->window) && n_shown (count->window) == count->n;
}

/* A message queued behind the window's back shows after the sender's run. */
static void
test_sender_run_reads_again (Fixture *fixture, gconstpointer data)
{
  gint64 ids[N_MESSAGES];
  g_autoptr (ClienteleOutboxSender) sender = clientele_outbox_sender_get_for_store (fixture->store);
  ClienteleOutboxWindow *window;
  Count count;

  fill_outbox (fixture, ids);
  window = open_window (fixture, sender);
  count = (Count){ window, N_MESSAGES + 1 };
  queue (fixture->store, add_client (fixture->store, "chloe"), "email", "Late offer");
  test_spin_briefly ();
  g_assert_cmpuint (n_shown (window), ==, N_MESSAGES);
  /* No mail server is set: the run sends nothing, and ends. */
  clientele_outbox_sender_run_now (sender);
  g_assert_true (test_spin_until (shows_n, &count));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_unnamed_control (GtkWidget *widget, gconstpointer data)
{
  gboolean control = GTK_IS_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
                     GTK_IS_LIST_BOX (widget) || GTK_IS_SPINNER (widget);

  /* The window's own controls, and the drop-down's inner button, are GTK's. */
  if (!control || !gtk_widget_get_mapped (widget) ||
      gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL ||
      gtk_widget_get_ancestor (gtk_widget_get_parent (widget), GTK_TYPE_DROP_DOWN) != NULL)
    return FALSE;
  /* A labelled button is named by its label. */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return FALSE;
  return !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static gboolean
tab_reaches (ClienteleOutboxWindow *window, GtkWidget *target)
{
  for (guint i = 0; i < 60; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == target || (focus != NULL && gtk_widget_is_ancestor (focus, target)))
        return TRUE;
    }
  return FALSE;
}

/* Every control is named; each row's buttons say which message. */
static void
test_accessible_names (Fixture *fixture, gconstpointer data)
{
  gint64 ids[N_MESSAGES];
  ClienteleOutboxWindow *window;
  GtkWidget *unnamed;
  GtkWidget *resend;

  fill_outbox (fixture, ids);
  window = open_window (fixture, NULL);
  unnamed = test_find_widget (GTK_WIDGET (window), is_unnamed_control, NULL);
  if (unnamed != NULL)
    g_error ("a %s has no accessible name", G_OBJECT_TYPE_NAME (unnamed));
  resend = button (row_of (window, ids[FAILED]), "Resend");
  g_assert_true (
    gtk_test_accessible_has_property (GTK_ACCESSIBLE (resend), GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (resend), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Resend the message to bruno@example.org");
  /* The keyboard reaches a row's button: Tab from the top. */
  g_assert_true (tab_reaches (window, resend));
  /* Escape closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
}

static gboolean
outbox_window_shown (gpointer data)
{
  return test_find_toplevel (CLIENTELE_TYPE_OUTBOX_WINDOW) != NULL;
}

/* The main window's Outbox opens the window on its file. */
static void
test_main_window_opens_it (Fixture *fixture, gconstpointer data)
{
  ClienteleWindow *main_window = clientele_window_new (NULL, fixture->store, FALSE);

  gtk_window_present (GTK_WINDOW (main_window));
  g_assert_nonnull (clientele_window_get_sender (main_window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.outbox", NULL));
  g_assert_true (test_spin_until (outbox_window_shown, NULL));
  test_destroy_toplevels ();
}

static gboolean
is_mapped_label_prefixed (GtkWidget *widget, gconstpointer prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

typedef struct
{
  ClienteleWindow *window;
  TestSmtpServer *server;
} Bar;

/* The bar shows how many went, once some did. */
static gboolean
bar_shows_progress (gpointer data)
{
  Bar *bar = data;
  GtkWidget *label = test_find_widget (GTK_WIDGET (bar->window), is_mapped_label_prefixed,
                                       "Sending messages… Sent: ");

  return label != NULL && test_smtp_server_count_mails (bar->server) >= 2 &&
         !g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Sending messages… Sent: 0,");
}

static gboolean
sender_stopped (gpointer data)
{
  return !clientele_outbox_sender_get_running (data);
}

/* The main window sends what is queued while it is open, shows how many
 * went, failed and wait at its bottom, and Cancel there stops what has not
 * gone: it stays queued. */
static void
test_main_window_progress_and_cancel (Fixture *fixture, gconstpointer data)
{
  g_autofree char *server_dir = g_build_filename (fixture->dir, "smtp", NULL);
  Bar bar = { NULL, test_smtp_server_start (server_dir, NULL, NULL) };
  ClienteleOutboxSender *sender;
  GtkWidget *cancel;
  gint64 client = add_client (fixture->store, "anna");
  gint64 queued = 0;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  test_smtp_server_configure (bar.server, fixture->store);
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  /* Five a second: the cancel comes long before the 40th. */
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_RATE, "300");
  for (guint i = 0; i < 40; i++)
    queue (fixture->store, client, "email", "Spring offer");
  bar.window = clientele_window_new (NULL, fixture->store, FALSE);
  gtk_window_present (GTK_WINDOW (bar.window));
  sender = clientele_window_get_sender (bar.window);
  g_assert_true (clientele_outbox_sender_get_automatic (sender));
  g_assert_true (test_spin_until_within (bar_shows_progress, &bar, 60));
  cancel = test_find_labelled (bar.window, GTK_TYPE_BUTTON, "Cancel");
  g_assert_nonnull (cancel);
  test_save_screenshot (GTK_WIDGET (bar.window), "outbox-bar.png");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Cancel sending");
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (test_spin_until (sender_stopped, sender));
  rows = clientele_store_list_outbox_page (fixture->store, "queued", 0, 100, &error);
  g_assert_no_error (error);
  queued = rows->len;
  g_assert_cmpint (queued, >, 0);
  g_assert_cmpint (queued + test_smtp_server_count_mails (bar.server), ==, 40);
  g_assert_true (clientele_outbox_sender_get_report (sender)->stopped);
  g_assert_cmpuint (clientele_outbox_sender_get_sent (sender), ==,
                    test_smtp_server_count_mails (bar.server));
  test_destroy_toplevels ();
  test_smtp_server_stop (bar.server);
}

typedef struct
{
  ClienteleOutboxWindow *window;
  ClienteleOutboxSender *sender;
  guint sent_seen;
} Going;

/* Some message shows "Sent" while the run still goes. */
static gboolean
sent_shown_while_running (gpointer data)
{
  Going *going = data;
  GListModel *model = clientele_outbox_window_get_messages (going->window);

  if (!clientele_outbox_sender_get_running (going->sender))
    return TRUE; /* too late: the assertion below says so */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ClienteleOutboxItem) item = g_list_model_get_item (model, i);

      going->sent_seen += g_str_equal (clientele_outbox_item_get_row (item)->state, "sent");
    }
  return going->sent_seen > 0;
}

/* During a long run the window shows the messages going, not only at its
 * end. */
static void
test_shows_messages_going (Fixture *fixture, gconstpointer data)
{
  g_autofree char *server_dir = g_build_filename (fixture->dir, "smtp", NULL);
  TestSmtpServer *server = test_smtp_server_start (server_dir, NULL, NULL);
  g_autoptr (ClienteleOutboxSender) sender = clientele_outbox_sender_get_for_store (fixture->store);
  gint64 client = add_client (fixture->store, "anna");
  Going going = { NULL, sender, 0 };

  test_smtp_server_configure (server, fixture->store);
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  /* One a second: the run lasts half a minute. */
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_RATE, "60");
  for (guint i = 0; i < 30; i++)
    queue (fixture->store, client, "email", "Spring offer");
  going.window = open_window (fixture, sender);
  clientele_outbox_sender_run_now (sender);
  g_assert_true (test_spin_until_within (sent_shown_while_running, &going, 30));
  g_assert_true (clientele_outbox_sender_get_running (sender));
  g_assert_cmpuint (going.sent_seen, >, 0);
  clientele_outbox_sender_cancel (sender);
  g_assert_true (test_spin_until (sender_stopped, sender));
  gtk_window_destroy (GTK_WINDOW (going.window));
  test_smtp_server_stop (server);
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/outbox-window/rows-show-states", test_rows_show_states);
  ADD ("/outbox-window/filter", test_filter);
  ADD ("/outbox-window/resend-and-cancel", test_resend_and_cancel);
  ADD ("/outbox-window/pages", test_pages);
  ADD ("/outbox-window/sender-run-reads-again", test_sender_run_reads_again);
  ADD ("/outbox-window/accessible-names", test_accessible_names);
  ADD ("/outbox-window/main-window-opens-it", test_main_window_opens_it);
  ADD ("/outbox-window/main-window-progress-and-cancel", test_main_window_progress_and_cancel);
  ADD ("/outbox-window/shows-messages-going", test_shows_messages_going);
#undef ADD
  return g_test_run ();
}
