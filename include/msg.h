/*
 * msg: intake's own words (not the form's), in English and Spanish.
 *
 * Prompts, errors, key names and screen titles that the program itself
 * says are listed once, in MSG_TABLE, with both translations side by side
 * so a missing translation is a compile error, not a blank screen.  Forms
 * carry their own translations; this table is only for the program.
 */
#ifndef INTAKE_MSG_H
#define INTAKE_MSG_H

/* X(id, English, Spanish) */
#define MSG_TABLE(X)                                                          \
	X(MSG_NEED_ANSWER, "An answer is required.",                          \
	  "Se necesita una respuesta.")                                        \
	X(MSG_BAD_INTEGER, "Type a whole number, like 3 or 1200.",             \
	  "Escriba un número entero, como 3 o 1200.")                          \
	X(MSG_INTEGER_RANGE, "That number is too large.",                      \
	  "Ese número es demasiado grande.")                                   \
	X(MSG_BAD_DECIMAL, "Type a number, like 12 or 12.5 (use a point for decimals).", \
	  "Escriba un número, como 12 o 12.5 (use punto para los decimales).") \
	X(MSG_BAD_DATE, "Type a date as month/day/year (3/14/2024) or 2024-03-14.", \
	  "Escriba la fecha como día/mes/año (14/3/2024) o 2024-03-14.")       \
	X(MSG_NO_SUCH_DATE, "That date does not exist (dates are read month/day/year, or year-month-day).", \
	  "Esa fecha no existe (las fechas se leen día/mes/año, o año-mes-día).") \
	X(MSG_YEAR_DIGITS, "Write the year with 4 digits.",                   \
	  "Escriba el año con 4 dígitos.")                                      \
	X(MSG_BAD_MONTH_YEAR, "Type the month and the year, like 8/2015 or 2015-08.", \
	  "Escriba el mes y el año, como 8/2015 o 2015-08.")                  \
	X(MSG_MONTH_YEAR_DAY, "Only the month and the year are asked: type them without the day (8/2015), or give the first day of the month (2015-08-01).", \
	  "Solo se piden el mes y el año: escríbalos sin el día (8/2015), o dé el primer día del mes (2015-08-01).") \
	X(MSG_BAD_YEAR, "Type the year with 4 digits, like 2015.",            \
	  "Escriba el año con 4 dígitos, como 2015.")                           \
	X(MSG_YEAR_DAY, "Only the year is asked: type the year alone (2015), or give January 1 of it (2015-01-01).", \
	  "Solo se pide el año: escríbalo sin mes ni día (2015), o dé el 1 de enero de ese año (2015-01-01).") \
	X(MSG_BAD_TIME, "Type a time like 14:30 or 2:30 pm.",                 \
	  "Escriba una hora como 14:30 o 2:30 pm.")                            \
	X(MSG_BAD_DATETIME, "Type a date and time like 2024-03-14 14:30.",   \
	  "Escriba fecha y hora como 2024-03-14 14:30.")                       \
	X(MSG_BAD_CHOICE, "Choose one of the listed options.",                \
	  "Elija una de las opciones de la lista.")                           \
	X(MSG_ONE_CHOICE, "Choose only one option.",                          \
	  "Elija solo una opción.")                                             \
	X(MSG_BAD_TEXT, "The text has characters that cannot be saved.",     \
	  "El texto tiene caracteres que no se pueden guardar.")              \
	X(MSG_BAD_ACK, "Press Enter (or type OK) to confirm.",                \
	  "Presione Enter (o escriba OK) para confirmar.")                     \
	X(MSG_BAD_GEOPOINT, "Type latitude and longitude in degrees, like 14.08 -87.21 (altitude and accuracy in meters may follow).", \
	  "Escriba latitud y longitud en grados, como 14.08 -87.21 (pueden seguir la altitud y la precisión en metros).") \
	X(MSG_BAD_GEOTRACE, "Type two or more points separated by ;, each as latitude longitude.", \
	  "Escriba dos o más puntos separados por ;, cada uno como latitud longitud.") \
	X(MSG_BAD_GEOSHAPE, "Type three or more points separated by ;, each as latitude longitude.", \
	  "Escriba tres o más puntos separados por ;, cada uno como latitud longitud.") \
	X(MSG_BAD_RANGE, "Type a number within the range shown, in its steps.", \
	  "Escriba un número dentro del rango indicado, en sus intervalos.")  \
	X(MSG_BAD_RANK, "Put every option in order, most important first: their numbers or codes separated by spaces.", \
	  "Ordene todas las opciones, la más importante primero: sus números o códigos separados por espacios.") \
	X(MSG_MEDIA_MISSING, "There is no file at that path. Type the full path of an existing file, like /home/ana/scan.jpg.", \
	  "No hay ningún archivo en esa ruta. Escriba la ruta completa de un archivo que exista, como /home/ana/escaneo.jpg.") \
	X(MSG_MEDIA_NOT_FILE, "That path is not a regular file (a folder or a device?). Type the full path of a file, like /home/ana/scan.jpg.", \
	  "Esa ruta no es un archivo normal (¿una carpeta o un dispositivo?). Escriba la ruta completa de un archivo, como /home/ana/escaneo.jpg.") \
	X(MSG_MEDIA_UNREADABLE, "That file cannot be read (check its permissions). Type the full path of a file this account can read.", \
	  "Ese archivo no se puede leer (revise sus permisos). Escriba la ruta completa de un archivo que esta cuenta pueda leer.") \
	X(MSG_BAD_NUMBERS, "Type digits only (spaces, dots, commas, + and - may separate them).", \
	  "Escriba solo dígitos (pueden separarlos espacios, puntos, comas, + y -).") \
	X(MSG_GUIDE_MEDIA, "Type the full path of the file; a copy is kept with the record when the intake is finished.", \
	  "Escriba la ruta completa del archivo; se guarda una copia con el registro al terminar la entrevista.") \
	X(MSG_GUIDE_RANGE, "A number from %s to %s, in steps of %s.",         \
	  "Un número del %s al %s, en pasos de %s.")                           \
	X(MSG_GUIDE_MONTH_YEAR, "Only the month and the year: month/year (8/2015) or year-month (2015-08).", \
	  "Solo el mes y el año: mes/año (8/2015) o año-mes (2015-08).")       \
	X(MSG_GUIDE_YEAR, "Only the year, with 4 digits (2015).",              \
	  "Solo el año, con 4 dígitos (2015).")                                \
	X(MSG_GUIDE_RANK, "Type the numbers of all the options in order, most important first, separated by spaces (like 2 1 3).", \
	  "Escriba los números de todas las opciones en orden, la más importante primero, separados por espacios (como 2 1 3).") \
	X(MSG_CONSTRAINT, "This answer is not allowed here.",                  \
	  "Esta respuesta no se permite aquí.")                                \
	X(MSG_READ_ONLY, "This question cannot be changed.",                  \
	  "Esta pregunta no se puede cambiar.")                                \
	X(MSG_DONT_KNOW, "Don't know", "No sabe")                              \
	X(MSG_REFUSED, "Refused to answer", "No quiso responder")             \
	X(MSG_NOT_ASKED, "Not asked", "No se preguntó")                        \
	X(MSG_ADD_ANOTHER, "Add another \"%s\"?", "¿Agregar otro \"%s\"?")    \
	X(MSG_ADD_FIRST, "Add a \"%s\"?", "¿Agregar un \"%s\"?")               \
	X(MSG_YES_NO, "Answer yes or no.", "Responda sí o no.")                \
	X(MSG_NOTHING_TO_ANSWER, "There is no question here to answer.",      \
	  "Aquí no hay ninguna pregunta que responder.")                       \
	X(MSG_PL_REQUIRED, "(required)", "(obligatoria)")                     \
	X(MSG_PL_CURRENT, "Current answer: %s", "Respuesta actual: %s")        \
	X(MSG_PL_NOTE, "Interviewer note: %s", "Nota del entrevistador: %s")   \
	X(MSG_PL_CHOOSE_ONE, "Type the number or the code of one option.",    \
	  "Escriba el número o el código de una opción.")                      \
	X(MSG_PL_CHOOSE_MANY, "Type the numbers or codes of all that apply, separated by spaces.", \
	  "Escriba los números o códigos de todas las que apliquen, separados por espacios.") \
	X(MSG_PL_PRESS_ENTER, "Press Enter to continue.",                     \
	  "Presione Enter para continuar.")                                     \
	X(MSG_PL_END, "All questions are done. Press Enter to finish and save, or type /review.", \
	  "Ya terminaron las preguntas. Presione Enter para terminar y guardar, o escriba /review.") \
	X(MSG_PL_SAVED, "Intake saved. Intake code: %s (write it on the client's card). Id: %s.", \
	  "Entrevista guardada. Código: %s (anótelo en la tarjeta de la persona). Id: %s.") \
	X(MSG_SEALED, "It is sealed for the legal team: this computer can no longer read it.", \
	  "Está sellada para el equipo legal: esta computadora ya no la puede leer.") \
	X(MSG_PL_DISCARDED, "Nothing was saved, as this form asks for this case.", \
	  "No se guardó nada, como lo pide este formulario en este caso.")     \
	X(MSG_PL_DRAFT, "Draft saved. To continue later: intake --resume %s", \
	  "Borrador guardado. Para continuar después: intake --resume %s")     \
	X(MSG_PL_UNKNOWN, "Unknown command. Type /help for the list.",        \
	  "Comando desconocido. Escriba /help para ver la lista.")             \
	X(MSG_FORM_PROBLEM,                                                    \
	  "Form problem at %s: %s — a result may be wrong; tell the form's " \
	  "author.",                                                          \
	  "Problema del formulario en %s: %s — un resultado puede estar "    \
	  "mal; avísele a quien hizo el formulario.")                         \
	X(MSG_PL_NO_BACK, "This is the first question.",                      \
	  "Esta es la primera pregunta.")                                       \
	X(MSG_PL_NO_REVIEW, "No answers yet.", "Todavía no hay respuestas.")   \
	X(MSG_PL_BAD_JUMP, "Type /jump and a number from /review.",           \
	  "Escriba /jump y un número de /review.")                             \
	X(MSG_PL_BAD_LANG, "This form has no such language.",                 \
	  "Este formulario no tiene ese idioma.")                              \
	X(MSG_SUM_TITLE, "Intake summary", "Resumen de la entrevista")        \
	X(MSG_SUM_INTAKE, "Intake", "Entrevista")                              \
	X(MSG_SUM_CODE, "code", "código")                                      \
	X(MSG_SUM_FINISHED, "Finished", "Terminada")                           \
	X(MSG_SUM_STARTED, "Started", "Empezada")                              \
	X(MSG_SUM_INTERVIEWER, "Interviewer", "Entrevistador")                 \
	X(MSG_SUM_LANGUAGE, "Language of the interview", "Idioma de la entrevista") \
	X(MSG_SUM_VERSION, "form version", "versión del formulario")           \
	X(MSG_SUM_NAME, "Name", "Nombre")                                      \
	X(MSG_SUM_REDACTED, "Personal data left out (--redact).",              \
	  "Se omitieron los datos personales (--redact).")                     \
	X(MSG_SUM_HIDDEN, "[left out]", "[omitido]")                           \
	X(MSG_SUM_CONFIDENTIAL,                                               \
	  "CONFIDENTIAL: the form marks this intake as confidential. Share it only as your confidentiality rules allow.", \
	  "CONFIDENCIAL: el formulario marca esta entrevista como confidencial. Compártala solo como lo permitan sus reglas de confidencialidad.") \
	X(MSG_SUM_RESULTS, "Possible relief and flags", "Posibles opciones y alertas") \
	X(MSG_SUM_RAISED_BY, "Answers that raised it:", "Respuestas que lo indicaron:") \
	X(MSG_SUM_DATES, "Urgent dates", "Fechas urgentes")                    \
	X(MSG_SUM_DAYS_LEFT, "%ld days left", "faltan %ld días")               \
	X(MSG_SUM_DAY_LEFT, "1 day left", "falta 1 día")                       \
	X(MSG_SUM_TODAY, "today", "hoy")                                       \
	X(MSG_SUM_DAYS_AGO, "passed %ld days ago", "pasó hace %ld días")       \
	X(MSG_SUM_DAY_AGO, "passed 1 day ago", "pasó hace 1 día")              \
	X(MSG_SUM_UNKNOWN, "Don't know and refused", "No sabe y no quiso responder") \
	X(MSG_SUM_NOTES, "Interviewer notes", "Notas del entrevistador")       \
	X(MSG_SUM_ANSWERS, "Every answer", "Todas las respuestas")             \
	X(MSG_SUM_NONE, "(none)", "(ninguna)")                                 \
	X(MSG_XLSX_BANNER_TITLE, "CONFIDENTIAL", "CONFIDENCIAL")               \
	X(MSG_XLSX_CONFIDENTIAL,                                              \
	  "%zu intake(s) in this workbook are confidential under the form's rule (confidential_if: %s).", \
	  "%zu entrevista(s) de este libro son confidenciales según la regla del formulario (confidential_if: %s).") \
	X(MSG_XLSX_CONFIDENTIAL_CARE,                                         \
	  "Share and store this file only as your confidentiality rules allow: do not email it or open it on a shared computer.", \
	  "Comparta y guarde este archivo solo como lo permitan sus reglas de confidencialidad: no lo mande por correo ni lo abra en una computadora compartida.") \
	X(MSG_XLSX_CONFIDENTIAL_IDS, "Confidential intakes", "Entrevistas confidenciales") \
	X(MSG_PL_HELP,                                                        \
	  "Type the answer and press Enter. Commands:\n"                       \
	  "  /back      previous question\n"                                   \
	  "  /review    list the answers (then /jump N to change one)\n"       \
	  "  /summary   the attorney's summary: results, dates, every answer\n" \
	  "  /dk        don't know\n"                                          \
	  "  /refused   the person does not want to answer\n"                  \
	  "  /clear     erase this answer\n"                                   \
	  "  /note TEXT add an interviewer note to this question\n"            \
	  "  /lang CODE change language (en, es)\n"                            \
	  "  /save      save the draft now\n"                                  \
	  "  /quit      save the draft and stop\n"                             \
	  "  /help      this list",                                           \
	  "Escriba la respuesta y presione Enter. Comandos:\n"                 \
	  "  /back      pregunta anterior\n"                                   \
	  "  /review    ver las respuestas (luego /jump N para cambiar una)\n" \
	  "  /summary   resumen para el abogado: resultados, fechas, respuestas\n" \
	  "  /dk        no sabe\n"                                             \
	  "  /refused   la persona no quiere responder\n"                      \
	  "  /clear     borrar esta respuesta\n"                               \
	  "  /note TEXTO agregar una nota del entrevistador a esta pregunta\n" \
	  "  /lang CÓDIGO cambiar de idioma (en, es)\n"                        \
	  "  /save      guardar el borrador ahora\n"                           \
	  "  /quit      guardar el borrador y salir\n"                         \
	  "  /help      esta lista")                                            \
	X(MSG_KEY_NEXT, "next", "seguir")                                      \
	X(MSG_KEY_BACK, "back", "atrás")                                       \
	X(MSG_KEY_REVIEW, "review", "revisar")                                 \
	X(MSG_KEY_LANG, "language", "idioma")                                  \
	X(MSG_KEY_BOTH, "both", "ambos")                                       \
	X(MSG_KEY_DK, "don't know", "no sabe")                                 \
	X(MSG_KEY_RF, "refused", "no responde")                                \
	X(MSG_KEY_NOTE, "note", "nota")                                        \
	X(MSG_KEY_HELP, "help", "ayuda")                                       \
	X(MSG_KEY_QUIT, "save+quit", "guardar+salir")                          \
	X(MSG_KEY_DONE, "done", "listo")                                       \
	X(MSG_KEY_NEWLINE, "new line", "otra línea")                           \
	X(MSG_HELP_DONE, "finish a text of several lines and go on",          \
	  "terminar un texto de varias líneas y seguir")                       \
	X(MSG_HELP_NEXT, "save this answer and go to the next question",      \
	  "guardar la respuesta e ir a la siguiente pregunta")                 \
	X(MSG_HELP_BACK, "back to the previous question",                     \
	  "volver a la pregunta anterior")                                     \
	X(MSG_HELP_REVIEW, "review every answer; Enter on one to change it",  \
	  "revisar las respuestas; Enter en una para cambiarla")               \
	X(MSG_HELP_LANG, "switch language (English / Español)",               \
	  "cambiar de idioma (English / Español)")                             \
	X(MSG_HELP_BOTH, "show both languages at once",                       \
	  "ver los dos idiomas a la vez")                                      \
	X(MSG_HELP_DK, "the person does not know",                            \
	  "la persona no sabe")                                                \
	X(MSG_HELP_RF, "the person does not want to answer",                  \
	  "la persona no quiere responder")                                    \
	X(MSG_HELP_NOTE, "write an interviewer note on this question",        \
	  "escribir una nota del entrevistador")                               \
	X(MSG_HELP_HELP, "this help", "esta ayuda")                            \
	X(MSG_HELP_QUIT, "save the draft and quit (Ctrl-C too)",              \
	  "guardar el borrador y salir (también Ctrl-C)")                      \
	X(MSG_UI_HELP,                                                        \
	  "Keys (function key, or the control key for terminals without them):", \
	  "Teclas (tecla de función, o la tecla Control si no las hay):")      \
	X(MSG_UI_HELP_TAIL,                                                   \
	  "Choices: arrows, the option's number (1 then 2 is 12), or type part\n" \
	  "of its name to narrow the list (Backspace widens it); Space marks one\n" \
	  "in a list where several can be chosen. Dates: month/day/year or\n"   \
	  "2024-03-14; the date is shown in words as you type. Typing replaces\n" \
	  "an answer shown. The draft is saved after every answer.\n\n"         \
	  "Press any key to go back.",                                          \
	  "Opciones: flechas, el número de la opción (1 y luego 2 es 12), o\n"  \
	  "escriba parte del nombre para acortar la lista (Retroceso la amplía);\n" \
	  "Espacio marca una cuando se pueden elegir varias. Fechas: día/mes/año\n" \
	  "o 2024-03-14; la fecha se muestra en palabras mientras escribe. Lo\n" \
	  "que escriba reemplaza la respuesta mostrada. El borrador se guarda\n" \
	  "después de cada respuesta.\n\n"                                       \
	  "Presione cualquier tecla para volver.")                              \
	X(MSG_UI_REVIEW_KEYS, "Enter change  PgUp/PgDn page  Home/End  Esc back to the interview", \
	  "Enter cambiar  RePág/AvPág página  Inicio/Fin  Esc volver a la entrevista") \
	X(MSG_UI_END_KEYS, "Enter finish+save  Up/Down PgUp/PgDn scroll  F3 review  F2 back", \
	  "Enter terminar+guardar  Flechas RePág/AvPág mover  F3 revisar  F2 atrás") \
	X(MSG_UI_MORE, "more below: Down / PgDn", "hay más abajo: Flecha abajo / AvPág") \
	X(MSG_UI_NEW_QUESTIONS, "Your change makes these questions apply now (Enter answers one):", \
	  "Con su cambio ahora aplican estas preguntas (Enter para responder):") \
	X(MSG_UI_NOT_ANSWERED, "not answered yet", "sin responder")            \
	X(MSG_UI_TOO_SMALL, "The window is too small: make it at least 80 x 24.", \
	  "La ventana es muy pequeña: hágala de al menos 80 x 24.")            \
	X(MSG_UI_END, "All questions are done. Enter: finish and save.  F3: review the answers.", \
	  "Ya terminaron las preguntas. Enter: terminar y guardar.  F3: revisar las respuestas.") \
	X(MSG_UI_SAVED, "Saved. Intake code: %s  (write it on the client's card)", \
	  "Guardada. Código de la entrevista: %s  (anótelo en la tarjeta de la persona)") \
	X(MSG_UI_SAVED_KEYS, "Enter next intake  Up/Down PgUp/PgDn scroll  F10 quit", \
	  "Enter siguiente entrevista  Flechas RePág/AvPág mover  F10 salir") \
	X(MSG_UI_REVIEW, "Review: Enter changes the answer, Esc goes back",   \
	  "Revisar: Enter cambia la respuesta, Esc regresa")                   \
	X(MSG_UI_NOTE, "Interviewer note (Enter saves, Esc cancels):",        \
	  "Nota del entrevistador (Enter guarda, Esc cancela):")               \
	X(MSG_UI_START, "Start: choose a new intake or a draft to continue", \
	  "Inicio: elija una entrevista nueva o un borrador para continuar")  \
	X(MSG_UI_WHO, "Interviewer:", "Entrevistador:")                         \
	X(MSG_UI_NEW, "New intake:", "Entrevista nueva:")                       \
	X(MSG_UI_CONTINUE, "Continue:", "Continuar:")                           \
	X(MSG_UI_NAME_FIRST, "Type the interviewer's name first.",            \
	  "Escriba primero el nombre del entrevistador.")                      \
	X(MSG_UI_NO_FORM, "The form of this draft is not available.",         \
	  "El formulario de este borrador no está disponible.")                \
	X(MSG_UI_START_KEYS, "Up/Down choose  Enter start  Del delete draft  F4 language  F10 quit", \
	  "Flechas elegir  Enter empezar  Supr borrar borrador  F4 idioma  F10 salir") \
	X(MSG_UI_DELETE_ASK, "Delete the draft of %s? Nothing of it can be recovered. y: delete, any other key: keep", \
	  "¿Borrar el borrador de %s? No se podrá recuperar nada. s: borrar, otra tecla: conservar") \
	X(MSG_UI_DELETED, "Draft deleted.", "Borrador borrado.")              \
	X(MSG_UI_DRAFT_LINE, "%s — code %s, %s%% done, saved %s, %s",        \
	  "%s — código %s, %s%% hecho, guardado %s, %s")                       \
	X(MSG_UI_NO_NAME, "(no name yet)", "(todavía sin nombre)")             \
	X(MSG_UI_QUEUED, "%zu finished intake(s) wait to be sent to the database.", \
	  "%zu entrevista(s) terminada(s) esperan enviarse a la base de datos.") \
	X(MSG_UI_CHOOSE, "Choose 1-%zu, or F6 don't know / F7 refused.",     \
	  "Elija de 1 a %zu, o F6 no sabe / F7 no responde.")                 \
	X(MSG_UI_CHOOSE_YN, "Choose 1 (yes) or 2 (no).",                      \
	  "Elija 1 (sí) o 2 (no).")                                            \
	X(MSG_UI_FILTER, "Typed \"%s\": %zu of %zu options (Backspace widens)", \
	  "Escrito \"%s\": %zu de %zu opciones (Retroceso amplía)")           \
	X(MSG_UI_DATE_ORDER, "month/day/year, or year-month-day (2010-02-20)", \
	  "día/mes/año, o año-mes-día (2010-02-20)")                           \
	X(MSG_UI_MONTH_YEAR_ORDER, "month/year, or year-month (2010-02)",     \
	  "mes/año, o año-mes (2010-02)")                                      \
	X(MSG_UI_YEAR_ORDER, "the year, with 4 digits (2010)",                \
	  "el año, con 4 dígitos (2010)")                                      \
	X(MSG_PL_NOTHING, "Nothing was answered, so no draft was kept.",      \
	  "No se respondió nada, así que no se guardó ningún borrador.")      \
	X(MSG_PL_EOF, "The input ended before the intake was finished. The draft was kept: intake --resume %s", \
	  "La entrada terminó antes de acabar la entrevista. Se guardó el borrador: intake --resume %s") \
	X(MSG_YES, "Yes", "Sí")                                                \
	X(MSG_NO, "No", "No")                                                  \
	X(MSG_OTHER, "Other", "Otro")                                          \
	X(MSG_SPECIFY_OTHER, "Specify other.", "Especifique otro.")            \
	X(MSG_PHONE_NUMBER_HINT, "Enter numbers only.", "Escriba solo números.") \
	X(MSG_PL_MULTILINE, "Several lines: end a line with \\ to write another.", \
	  "Varias líneas: termine una línea con \\ para escribir otra.")     \
	X(MSG_UI_MULTILINE, "Enter starts a new line; F9 or Ctrl-F: done, go on.", \
	  "Enter empieza otra línea; F9 o Ctrl-F: listo, seguir.")

enum msg_id {
#define MSG_ENUM(id, en, es) id,
	MSG_TABLE(MSG_ENUM)
#undef MSG_ENUM
	MSG_COUNT
};

/* The message in language code lang ("es", "Español (es)"...; anything
 * not Spanish gives English).  Static storage: never freed. */
const char *msg(const char *lang, enum msg_id id);
/* True when a language name or code means Spanish ("es", "es-MX",
 * "Español (es)", "Spanish"). */
int msg_is_spanish(const char *lang);

#endif
