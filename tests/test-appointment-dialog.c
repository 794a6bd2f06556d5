/* test-appointment-dialog.c: the appointment dialog (issue 23, item 23): the
 * day from a calendar in a popover, the time in a field of its own, the
 * service and staff member completed from those already booked and still
 * typeable, the price in the locale's form with the business's currency;
 * and the client dialog's rows showing start–end. Real dialog, real file. */
#include <adwaita.h>

#include "clientele-appointment-dialog.h"
#include "clientele-appointment-row.h"

#include "test-locale.h"
#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  TestFile file;
  ClienteleAppointment *edited; /* what "done" gave */
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  test_file_set_up (&fixture->file, data);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->edited);
  test_file_tear_down (&fixture->file, data);
  test_use_c_locale ();
}

static gpointer
child (gpointer dialog, const char *name)
{
  GObject *object =
    gtk_widget_get_template_child (GTK_WIDGET (dialog), CLIENTELE_TYPE_APPOINTMENT_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static gint64
local_time (int year, int month, int day, int hour, int minute)
{
  g_autoptr (GDateTime) time = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time);
}

/* One of Anne's appointments: 23 April 2026, 10:15, 45 minutes, 45,50. */
static ClienteleAppointment *
make_appointment (gint64 client_id)
{
  ClienteleAppointment *appointment = clientele_appointment_new ();

  clientele_appointment_set_client_id (appointment, client_id);
  clientele_appointment_set_start (appointment, local_time (2026, 4, 23, 10, 15));
  clientele_appointment_set_duration (appointment, 45);
  clientele_appointment_set_service (appointment, "Coupe");
  clientele_appointment_set_staff (appointment, "Camille");
  clientele_appointment_set_price_cents (appointment, 4550);
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_BOOKED);
  return appointment;
}

static void
done_cb (ClienteleAppointmentDialog *dialog, ClienteleAppointment *edited, Fixture *fixture)
{
  g_set_object (&fixture->edited, edited);
}

static ClienteleAppointmentDialog *
open_dialog (Fixture *fixture, ClienteleAppointment *appointment)
{
  ClienteleAppointmentDialog *dialog =
    clientele_appointment_dialog_new (NULL, fixture->file.store, appointment);

  g_signal_connect (dialog, "done", G_CALLBACK (done_cb), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  return dialog;
}

static void
save (ClienteleAppointmentDialog *dialog)
{
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "save_button")));
  g_signal_emit_by_name (child (dialog, "save_button"), "clicked");
  test_spin_briefly ();
}

static GtkEventController *
find_controller (GtkWidget *widget, const char *name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller; /* the widget keeps it */
    }
  g_error ("no controller “%s”", name);
}

/* The day is picked in a calendar that the date button opens, and shown on
 * the button in the user's format; Enter in the calendar closes it. */
static void
test_date_picker (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleAppointment) appointment = make_appointment (0);
  ClienteleAppointmentDialog *dialog;
  GtkMenuButton *button;
  GtkPopover *popover;
  g_autoptr (GDateTime) picked = g_date_time_new_local (2026, 5, 7, 0, 0, 0);
  gboolean handled = FALSE;

  test_use_language ("fr");
  dialog = open_dialog (fixture, appointment);
  button = child (dialog, "date_button");
  popover = child (dialog, "date_popover");
  g_assert_true (GTK_IS_CALENDAR (child (dialog, "date_calendar")));
  g_assert_true (gtk_widget_is_ancestor (child (dialog, "date_calendar"), GTK_WIDGET (popover)));
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "23/04/2026");

  gtk_menu_button_popup (button);
  test_spin_briefly ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  gtk_calendar_select_day (child (dialog, "date_calendar"), picked);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "07/05/2026");
  g_signal_emit_by_name (
    find_controller (child (dialog, "date_calendar"), "clientele-calendar-keys"), "key-pressed",
    GDK_KEY_Return, 0, 0, &handled);
  test_spin_briefly ();
  g_assert_true (handled);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  save (dialog);
  g_assert_nonnull (fixture->edited);
  g_assert_cmpint (clientele_appointment_get_start (fixture->edited), ==,
                   local_time (2026, 5, 7, 10, 15));
}

/* The time is a field of its own: shown as 10:15, steps of a quarter of an
 * hour, typed as people type it ("9h30"), refused when it is no time; the
 * end shows under the duration. */
static void
test_time_field (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleAppointment) appointment = make_appointment (0);
  ClienteleAppointmentDialog *dialog = open_dialog (fixture, appointment);
  GtkSpinButton *time = child (dialog, "time_spin");

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time)), ==, "10:15");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "duration_row")), ==, "Until 11:00");
  gtk_spin_button_spin (time, GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time)), ==, "10:30");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "duration_row")), ==, "Until 11:15");

  gtk_editable_set_text (GTK_EDITABLE (time), "25:00");
  g_assert_true (gtk_widget_get_visible (child (dialog, "time_error_label")));
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "save_button")));
  gtk_editable_set_text (GTK_EDITABLE (time), "9h30");
  g_assert_false (gtk_widget_get_visible (child (dialog, "time_error_label")));
  gtk_spin_button_update (time);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time)), ==, "09:30");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (time), ==, 9 * 60 + 30);

  save (dialog);
  g_assert_cmpint (clientele_appointment_get_start (fixture->edited), ==,
                   local_time (2026, 4, 23, 9, 30));
}

static void
book (Fixture *fixture, gint64 client_id, const char *service, const char *staff)
{
  g_autoptr (ClienteleAppointment) appointment = make_appointment (client_id);
  g_autoptr (GError) error = NULL;

  clientele_appointment_set_service (appointment, service);
  clientele_appointment_set_staff (appointment, staff);
  g_assert_true (clientele_store_save_appointment (fixture->file.store, appointment, &error));
  g_assert_no_error (error);
}

static gint64
add_client (Fixture *fixture)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  g_assert_true (clientele_store_save_client (fixture->file.store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static GStrv
completion_names (GtkEntry *entry)
{
  GtkEntryCompletion *completion = gtk_entry_get_completion (entry);
  GtkTreeModel *model;
  GtkTreeIter iter;
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  g_assert_nonnull (completion);
  model = gtk_entry_completion_get_model (completion);
  if (gtk_tree_model_get_iter_first (model, &iter))
    do
      {
        g_autofree char *name = NULL;

        gtk_tree_model_get (model, &iter, 0, &name, -1);
        g_strv_builder_add (names, name);
      }
    while (gtk_tree_model_iter_next (model, &iter));
  return g_strv_builder_end (names);
}

/* The services and staff members already booked are offered as one types,
 * most booked first; whatever else is typed is kept as typed. */
static void
test_completion (Fixture *fixture, gconstpointer data)
{
  gint64 id = add_client (fixture);
  g_autoptr (ClienteleAppointment) appointment = NULL;
  ClienteleAppointmentDialog *dialog;
  g_auto (GStrv) services = NULL;
  g_auto (GStrv) staff = NULL;
  g_autofree char *prefix = NULL;

  book (fixture, id, "Couleur", "Camille");
  book (fixture, id, "Coupe", "Jules");
  book (fixture, id, "Coupe", "Camille");
  book (fixture, id, "Brushing", "Camille");
  appointment = make_appointment (id);
  dialog = open_dialog (fixture, appointment);

  services = completion_names (child (dialog, "service_entry"));
  staff = completion_names (child (dialog, "staff_entry"));
  g_assert_cmpstrv (services, ((const char *const[]){ "Coupe", "Brushing", "Couleur", NULL }));
  g_assert_cmpstrv (staff, ((const char *const[]){ "Camille", "Jules", NULL }));
  /* Typing "co" offers the two that begin so, whatever the case: what they
   * share is "Cou" (one alone would give all of it). */
  gtk_editable_set_text (child (dialog, "service_entry"), "co");
  gtk_entry_completion_complete (gtk_entry_get_completion (child (dialog, "service_entry")));
  test_spin_briefly ();
  prefix = gtk_entry_completion_compute_prefix (
    gtk_entry_get_completion (child (dialog, "service_entry")), "Co");
  g_assert_cmpstr (prefix, ==, "Cou");

  gtk_editable_set_text (child (dialog, "service_entry"), "Soin du visage");
  gtk_editable_set_text (child (dialog, "staff_entry"), "Inès");
  save (dialog);
  g_assert_cmpstr (clientele_appointment_get_service (fixture->edited), ==, "Soin du visage");
  g_assert_cmpstr (clientele_appointment_get_staff (fixture->edited), ==, "Inès");
}

/* A German price reads as Germans write it, and the business's currency
 * stands beside it. */
static void
test_price_german (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleAppointment) appointment = make_appointment (0);
  g_autoptr (GError) error = NULL;
  ClienteleAppointmentDialog *dialog;

  test_use_language ("de");
  g_assert_true (clientele_settings_set (fixture->file.store, CLIENTELE_SETTING_BUSINESS_CURRENCY,
                                         "CHF", &error));
  g_assert_no_error (error);
  clientele_appointment_set_price_cents (appointment, 123450);
  dialog = open_dialog (fixture, appointment);
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "price_entry")), ==, "1.234,50");
  g_assert_cmpstr (gtk_label_get_text (child (dialog, "currency_label")), ==, "CHF");

  gtk_editable_set_text (child (dialog, "price_entry"), "1.234,5");
  g_assert_false (gtk_widget_get_visible (child (dialog, "price_error_label")));
  gtk_editable_set_text (child (dialog, "price_entry"), "12,345");
  g_assert_true (gtk_widget_get_visible (child (dialog, "price_error_label")));
  g_assert_cmpstr (gtk_label_get_text (child (dialog, "price_error_label")), ==,
                   "Geben Sie einen Preis wie 45,50 ein oder lassen Sie das Feld leer.");
  gtk_editable_set_text (child (dialog, "price_entry"), "2.000");
  save (dialog);
  g_assert_cmpint (clientele_appointment_get_price_cents (fixture->edited), ==, 200000);
}

/* Each row of the client dialog shows when the appointment starts and ends,
 * and its price in the business's currency. */
static void
test_row_start_end (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleAppointment) appointment = make_appointment (0);
  g_autoptr (ClienteleAppointment) late = make_appointment (0);
  GtkWidget *row, *late_row;

  test_use_language ("fr");
  row = g_object_ref_sink (clientele_appointment_row_new (appointment, "EUR"));
  g_assert_cmpstr (
    gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))), ==,
    "23/04/2026 10:15–11:00 · Coupe · Camille · 45,50\u00a0€ · Réservé");

  /* Past midnight: the end's day is shown too. */
  clientele_appointment_set_start (late, local_time (2026, 4, 23, 23, 30));
  clientele_appointment_set_duration (late, 60);
  clientele_appointment_set_price_cents (late, 0);
  late_row = g_object_ref_sink (clientele_appointment_row_new (late, "EUR"));
  g_assert_cmpstr (
    gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (late_row)))), ==,
    "23/04/2026 23:30–24/04/2026 00:30 · Coupe · Camille · Réservé");
  g_object_unref (row);
  g_object_unref (late_row);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD ("/appointment-dialog/date-picker", test_date_picker);
  ADD ("/appointment-dialog/time-field", test_time_field);
  ADD ("/appointment-dialog/completion", test_completion);
  ADD ("/appointment-dialog/price-german", test_price_german);
  ADD ("/appointment-dialog/row-start-end", test_row_start_end);

  return g_test_run ();
}
