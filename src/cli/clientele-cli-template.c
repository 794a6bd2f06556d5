/* clientele-cli-template.c: `clientele-cli template`: the saved texts of
 * messages, one per name and language. */
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

typedef struct
{
  char *database;
  char *language;
  char *subject;
  char *body_file;
} TemplateOptions;

static void
template_options_clear (TemplateOptions *options)
{
  g_free (options->database);
  g_free (options->language);
  g_free (options->subject);
  g_free (options->body_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TemplateOptions, template_options_clear)

static int
template_set (ClienteleStore *store, const TemplateOptions *options, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  const char *language = options->language != NULL ? options->language : "en";
  g_autofree char *problem = clientele_validate_field (CLIENTELE_FIELD_LANGUAGE, language);

  if (problem != NULL || options->body_file == NULL)
    {
      g_printerr ("%s\n", problem != NULL ? problem : _ ("Give the text with --body-file F."));
      return EXIT_FAILURE;
    }
  if (!g_file_get_contents (options->body_file, &body, NULL, &error) ||
      !clientele_store_save_template (
        store, name, language, options->subject != NULL ? options->subject : "", body, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

static int
template_list (ClienteleStore *store, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) texts = clientele_store_list_templates (store, name, &error);

  if (texts == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("name\tlanguage\tsubject\n");
  for (guint i = 0; i < texts->len; i++)
    {
      ClienteleTemplateText *text = texts->pdata[i];

      g_print ("%s\t%s\t%s\n", text->name, text->language, text->subject);
    }
  return EXIT_SUCCESS;
}

int
clientele_cli_run_template (int argc, char **argv)
{
  g_auto (TemplateOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "language", 'l', 0, G_OPTION_ARG_STRING, &options.language,
                               N_ ("set: the text’s language, en, fr or de (default en)"),
                               N_ ("LANG") },
                             { "subject", 's', 0, G_OPTION_ARG_STRING, &options.subject,
                               N_ ("set: the email’s subject"), N_ ("TEXT") },
                             { "body-file", 'b', 0, G_OPTION_ARG_FILENAME, &options.body_file,
                               N_ ("set: the text, from FILE"), N_ ("FILE") },
                             { NULL } };

  if (!clientele_cli_parse_options (
        "template", _ ("set NAME | list [NAME]"),
        _ ("set saves the text of template NAME in one language; each client gets the "
           "text in their language, else the business’s (business.language)."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (!((argc == 3 && g_strcmp0 (argv[1], "set") == 0) ||
        ((argc == 2 || argc == 3) && g_strcmp0 (argv[1], "list") == 0)))
    {
      g_printerr (_ ("Say what to do: set NAME or list [NAME].\n"));
      return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  if (g_str_equal (argv[1], "set"))
    return template_set (store, &options, argv[2]);
  return template_list (store, argc == 3 ? argv[2] : NULL);
}
