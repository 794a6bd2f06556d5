/* test-subscriptions-window.c: the Subscriptions window lists the file's
 * types (none at first), adds one from its form, refuses a nameless one
 * with a toast (the list unchanged) and retires a type with its row's
 * button. */
#include <string.h>

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

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
  g_test_add ("/subscriptions-window/add-and-retire", Fixture, NULL, test_file_set_up,
              test_add_and_retire, test_file_tear_down);
  return g_test_run ();
}
