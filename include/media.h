/*
 * media: the answers of image, audio, video and file questions.
 *
 * On a terminal such an answer is the path of an existing regular file.
 * While the intake is a draft the answer holds that file's absolute path;
 * when the intake is finished the file is copied into the data folder,
 *     records/<instance id>-media/<file name>
 * (mode 0600, written to a temporary file, fsynced and renamed, never
 * through a symbolic link under the data folder) and the answer becomes
 * that path relative to the data folder, which is what the record and
 * the exports hold.  A form that seals its records (public_key) seals
 * each file too, to the same recipients, as an age file named
 * <file name>.age: no readable copy stays on this computer (the file the
 * volunteer named is the volunteer's to delete).
 */
#ifndef INTAKE_MEDIA_H
#define INTAKE_MEDIA_H

#include <stdbool.h>

#include "msg.h"

struct interview;
struct diag;

/* Checks that input (surrounding blanks ignored; a leading "~/" is the
 * home folder) names a readable regular file.  True with *abs set to its absolute path (caller frees); false
 * with *err saying what is expected and *abs NULL. */
bool media_check_path(const char *input, char **abs, enum msg_id *err);

/* Copies (or seals) every relevant media answer of iv that is still a
 * path outside the data folder into records/<id>-media/ under data_dir
 * and replaces
 * the answer by the copy's path relative to data_dir.  Answers already
 * copied are left alone, so a finish that is retried copies nothing
 * twice.  0, or -1 with an error in d naming the question and the file. */
int media_copy_all(struct interview *iv, const char *data_dir,
		   const char *record_path, struct diag *d);

#endif
