/* test-subscriptions-window.c: the Subscriptions window lists the file's
 * types (none at first), adds one from its form, refuses a nameless one
 * with a toast (the list unchanged) and retires a type with its row's
 * button. */
#include <string.h>

#include "clientele-client-dialog.h"
#include "clientele-subscriptions-page.h"
#include "clientele-subscriptions-window.h"

#include "test-ui-util.h"
#include "test-util.h"

typedef TestFile Fixture;

typedef struct
{
  ClienteleSubscriptionsWindow *window;
  int n_types;
} Expect;

static gboolean
has_types (gpointer data)
{
  Expect *expect = data;

  return clientele_subscriptions_window_get_n_types (expect->window) == expect->n_types;
}

static GtkWidget *
find (GtkWidget *widget, GType type, const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
retired (gpointer store)
{
  g_autoptr (GPtrArray) types = clientele_store_list_subscription_types (store, TRUE, NULL);

  return types != NULL && types->len == 0;
}

static void
test_add_and_retire (Fixture *fixture, gconstpointer data)
{
  ClienteleSubscriptionsWindow *window = clientele_subscriptions_window_new (NULL, fixture->store);
  Expect expect = { window, 0 };
  GtkWidget *name, *add, *retire;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (has_types, &expect));
  name = find (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, NULL);
  add = find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Add Type");
  g_assert_nonnull (name);
  g_assert_nonnull (add);

  /* No name: refused, nothing added. */
  g_signal_emit_by_name (add, "clicked");
  test_spin_briefly ();
  g_assert_cmpint (clientele_store_has_subscription_types (fixture->store, NULL), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (name), "Ten massages");
  g_assert_true (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  expect.n_types = 1;
  g_assert_true (test_spin_until (has_types, &expect));
  g_assert_cmpint (clientele_store_has_subscription_types (fixture->store, NULL), ==, 1);

  retire = find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Retire");
  g_assert_nonnull (retire);
  g_signal_emit_by_name (retire, "clicked");
  g_assert_true (test_spin_until (retired, fixture->store));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_pages (gpointer data)
{
  Expect *expect = data;
  GtkWidget *notebook = find (GTK_WIDGET (expect->window), GTK_TYPE_NOTEBOOK, NULL);

  return gtk_notebook_get_n_pages (GTK_NOTEBOOK (notebook)) == expect->n_types;
}

typedef struct
{
  ClienteleSubscriptionsPage *page;
  ClienteleStore *store;
  gint64 client;
  int n;
  gint64 remaining;
  const char *state;
} PageExpect;

static gboolean
page_state_is (gpointer data)
{
  PageExpect *expect = data;
  g_autoptr (GPtrArray) list =
    clientele_store_list_subscriptions (expect->store, expect->client, NULL);

  return g_strcmp0 (((ClienteleSubscription *)list->pdata[0])->state, expect->state) == 0;
}

static gboolean
shows_error (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      gtk_widget_has_css_class (widget, "error") &&
      gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_error (child))
      return TRUE;
  return FALSE;
}

static gboolean
page_has_error (gpointer page)
{
  return shows_error (GTK_WIDGET (page));
}

static int
count_action_rows (GtkWidget *widget)
{
  /* The history's rows are titled by their date ("2026-03-01 · Used"). */
  const char *title =
    ADW_IS_ACTION_ROW (widget) ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) : "";
  int n = g_ascii_isdigit (title[0]) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_action_rows (child);
  return n;
}

/* Sell, use (undone) and nothing else: two rows. */
static gboolean
history_shown (gpointer row)
{
  return count_action_rows (GTK_WIDGET (row)) == 2;
}

static gboolean
page_count_is (gpointer data)
{
  PageExpect *expect = data;

  return clientele_subscriptions_page_get_n_subscriptions (expect->page) == expect->n;
}

typedef struct
{
  ClienteleStore *store;
  gint64 id;
  gint64 remaining;
} RemainingIs;

static gboolean
remaining_is (gpointer data)
{
  RemainingIs *expect = data;
  g_autoptr (ClienteleSubscription) s =
    clientele_store_get_subscription (expect->store, expect->id, NULL);

  return s != NULL && s->remaining == expect->remaining;
}

static gboolean
offers (gpointer page)
{
  GtkWidget *button = find (GTK_WIDGET (page), GTK_TYPE_BUTTON, "Use a Session");

  return button != NULL && gtk_widget_is_visible (button);
}

static gboolean
offers_nothing (gpointer page)
{
  return !offers (page);
}

static gint64
remaining_of (ClienteleStore *store, gint64 id)
{
  g_autoptr (ClienteleSubscription) s = clientele_store_get_subscription (store, id, NULL);

  return s->remaining;
}

static gboolean
page_shows (gpointer data)
{
  PageExpect *expect = data;
  g_autoptr (GPtrArray) list =
    clientele_store_list_subscriptions (expect->store, expect->client, NULL);

  return clientele_subscriptions_page_get_n_subscriptions (expect->page) == expect->n &&
         (expect->n == 0 ||
          ((ClienteleSubscription *)list->pdata[0])->remaining == expect->remaining);
}

static ClienteleClientDialog *
open_dialog (ClienteleStore *store, gint64 client)
{
  g_autoptr (GError) error = NULL;
  ClienteleClientDialog *dialog = clientele_client_dialog_new (NULL, store, client, NULL, &error);

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* The page is there once a type exists, not before; sell, use, undo. */
static void
test_client_page (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  ClienteleSubscriptionType type = {
    0, (char *)"Five facials", CLIENTELE_SUBSCRIPTION_PACKAGE, NULL, 5, 20000, 0, 6, FALSE, TRUE
  };
  ClienteleClientDialog *dialog;
  Expect pages;
  PageExpect expect = { NULL, fixture->store, 0, 0, 0, NULL };
  GtkWidget *notebook;

  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, NULL));
  expect.client = clientele_client_get_id (client);
  dialog = open_dialog (fixture->store, expect.client);
  pages = (Expect){ (gpointer)dialog, 4 };
  test_spin_briefly ();
  g_assert_true (has_pages (&pages));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpint (clientele_store_add_subscription_type (fixture->store, &type, NULL), >, 0);
  dialog = open_dialog (fixture->store, expect.client);
  pages = (Expect){ (gpointer)dialog, 5 };
  g_assert_true (test_spin_until (has_pages, &pages));
  notebook = find (GTK_WIDGET (dialog), GTK_TYPE_NOTEBOOK, NULL);
  expect.page =
    CLIENTELE_SUBSCRIPTIONS_PAGE (gtk_notebook_get_nth_page (GTK_NOTEBOOK (notebook), 4));
  gtk_notebook_set_current_page (GTK_NOTEBOOK (notebook), 4);
  g_assert_true (test_spin_until (page_shows, &expect));

  g_signal_emit_by_name (find (GTK_WIDGET (expect.page), GTK_TYPE_BUTTON, "_Sell"), "clicked");
  expect.n = 1;
  expect.remaining = 5;
  g_assert_true (test_spin_until (page_shows, &expect));
  g_signal_emit_by_name (find (GTK_WIDGET (expect.page), GTK_TYPE_BUTTON, "Use"), "clicked");
  expect.remaining = 4;
  g_assert_true (test_spin_until (page_shows, &expect));
  g_signal_emit_by_name (find (GTK_WIDGET (expect.page), GTK_TYPE_BUTTON, "Undo"), "clicked");
  expect.remaining = 5;
  g_assert_true (test_spin_until (page_shows, &expect));
  /* Opened, the row shows its history: sold, used, undone. Held: a
   * refresh may replace it meanwhile. */
  {
    g_autoptr (AdwExpanderRow) row = NULL;

    test_spin_briefly ();
    row = g_object_ref (
      ADW_EXPANDER_ROW (find (GTK_WIDGET (expect.page), ADW_TYPE_EXPANDER_ROW, NULL)));
    adw_expander_row_set_expanded (row, TRUE);
    g_assert_true (test_spin_until (history_shown, row));
  }
  /* A done visit the package covers is offered; using it links the two. */
  {
    g_autoptr (ClienteleAppointment) visit = clientele_appointment_new ();

    clientele_appointment_set_client_id (visit, expect.client);
    clientele_appointment_set_start (visit, g_get_real_time () / G_USEC_PER_SEC - 3600);
    clientele_appointment_set_service (visit, "Facial");
    clientele_appointment_set_status (visit, CLIENTELE_APPOINTMENT_DONE);
    g_assert_true (clientele_store_save_appointment (fixture->store, visit, NULL));
    g_assert_true (test_spin_until (offers, expect.page));
    g_signal_emit_by_name (find (GTK_WIDGET (expect.page), GTK_TYPE_BUTTON, "Use a Session"),
                           "clicked");
    expect.remaining = 4;
    g_assert_true (test_spin_until (page_shows, &expect));
    g_assert_true (test_spin_until (offers_nothing, expect.page));
  }
  /* The row's menu: suspended, a use is refused and said on the page. */
  {
    g_autoptr (GPtrArray) list =
      clientele_store_list_subscriptions (fixture->store, expect.client, NULL);
    gint64 id = ((ClienteleSubscription *)list->pdata[0])->id;

    gtk_widget_activate_action (GTK_WIDGET (expect.page), "subscription.suspend", "x", id);
    expect.state = "suspended";
    g_assert_true (test_spin_until (page_state_is, &expect));
    g_signal_emit_by_name (find (GTK_WIDGET (expect.page), GTK_TYPE_BUTTON, "Use"), "clicked");
    g_assert_true (test_spin_until (page_has_error, expect.page));
    g_assert_cmpint (remaining_of (fixture->store, id), ==, 4);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A prepaid amount: Use takes the sum typed beside it, in cents. */
  {
    ClienteleSubscriptionType card = {
      0, (char *)"Gift card", CLIENTELE_SUBSCRIPTION_PREPAID, NULL, 0, 5000, 0, 0, FALSE, TRUE
    };
    gint64 card_type = clientele_store_add_subscription_type (fixture->store, &card, NULL);
    gint64 id = clientele_store_sell_subscription (fixture->store, expect.client, card_type, NULL,
                                                   -1, "", NULL);
    GtkWidget *spin;

    dialog = open_dialog (fixture->store, expect.client);
    pages = (Expect){ (gpointer)dialog, 5 };
    g_assert_true (test_spin_until (has_pages, &pages));
    notebook = find (GTK_WIDGET (dialog), GTK_TYPE_NOTEBOOK, NULL);
    expect.page =
      CLIENTELE_SUBSCRIPTIONS_PAGE (gtk_notebook_get_nth_page (GTK_NOTEBOOK (notebook), 4));
    expect.n = 2;
    g_assert_true (test_spin_until (page_count_is, &expect));
    spin = find (GTK_WIDGET (expect.page), GTK_TYPE_SPIN_BUTTON, NULL);
    g_assert_nonnull (spin);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 12.34);
    g_signal_emit_by_name (find (gtk_widget_get_parent (spin), GTK_TYPE_BUTTON, "Use"), "clicked");
    /* 50.00 less 12.34. */
    g_assert_true (test_spin_until (remaining_is, &(RemainingIs){ fixture->store, id, 3766 }));
    /* Correct…: what remains set by hand, with its reason kept. */
    {
      GtkWidget *dialog_found = NULL;
      GListModel *toplevels = gtk_window_get_toplevels (); /* borrowed */
      g_autoptr (GPtrArray) ops = NULL;

      gtk_widget_activate_action (GTK_WIDGET (expect.page), "subscription.correct", "x", id);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window))
            dialog_found = GTK_WIDGET (window);
        }
      g_assert_nonnull (dialog_found);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (dialog_found, GTK_TYPE_SPIN_BUTTON, NULL)),
                                 4000);
      gtk_editable_set_text (GTK_EDITABLE (find (dialog_found, GTK_TYPE_ENTRY, NULL)),
                             "Till error");
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog_found), "correct");
      g_assert_true (test_spin_until (remaining_is, &(RemainingIs){ fixture->store, id, 4000 }));
      ops = clientele_store_list_subscription_operations (fixture->store, id, NULL);
      g_assert_cmpstr (((ClienteleSubscriptionOperation *)ops->pdata[ops->len - 1])->reason, ==,
                       "Till error");
    }
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
  g_test_add ("/subscriptions-window/add-and-retire", Fixture, NULL, test_file_set_up,
              test_add_and_retire, test_file_tear_down);
  g_test_add ("/subscriptions-window/client-page", Fixture, NULL, test_file_set_up,
              test_client_page, test_file_tear_down);
  return g_test_run ();
}
