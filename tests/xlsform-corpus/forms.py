# The corpus: real public XLSForms, as their public sources print them.
# Each entry: the file name to write, where the form comes from (repository
# and path, and the test or page that holds it), what pyxform says of it
# ("valid", or an excerpt of its error), what `intake check` must say of an
# invalid one (an excerpt of our message; "" for a valid form), and the
# form itself as the markdown table the source uses (a first column naming
# the sheet, as in pyxform's test suite).
#
# These are rebuilt from text: the search tool that found them reads only
# text files, so no published .xlsx was downloaded.  build.py writes each
# table to an .xlsx with openpyxl.

PYX = "XLSForm/pyxform"

FORMS = [
    dict(file="example-specify-other", src=(PYX, "tests/example_xls/specify_other.md", "test_specify_other (tests/builder_tests.py)"),
         pyxform="valid", intake="", md="""
| survey |
| | type                                   | name | label:English     |
| | select one from sexes or specify other | sex  | What sex are you? |
| choices |
| | list name | name   | label:English |
| | sexes     | male   | Male          |
| | sexes     | female | Female        |
"""),
    dict(file="fields-duplicate-age", src=(PYX, "tests/test_fields.py", "test_duplicate_fields"),
         pyxform="There are more than one survey elements named 'age'",
         intake='the name "age" is already used on row 2', md="""
            | Survey |         |         |               |
            |        | Type    | Name    | Label         |
            |        | integer | age     | the age       |
            |        | integer | age     | the age       |
            """),
    dict(file="fields-duplicate-choice", src=(PYX, "tests/test_fields.py", "test_duplicate_choices_without_setting"),
         pyxform="The name column for the 'list' choice list contains these duplicates: 'b'",
         intake='choice "b" appears twice in list "list"', md="""
            | survey  |                 |          |          |
            |         | type            | name     | label    |
            |         | select_one list | S1       | s1       |
            | choices |                 |          |          |
            |         | list name       | name     | label    |
            |         | list            | a        | option a |
            |         | list            | b        | option b |
            |         | list            | b        | option c |
            """),
    dict(file="fields-duplicate-choices-twice", src=(PYX, "tests/test_fields.py", "test_multiple_duplicate_choices_without_setting"),
         pyxform="The name column for the 'list' choice list contains these duplicates: 'a', 'b'",
         intake='choice "a" appears twice in list "list"', md="""
            | survey  |                 |          |          |
            |         | type            | name     | label    |
            |         | select_one list | S1       | s1       |
            | choices |                 |          |          |
            |         | list name       | name     | label    |
            |         | list            | a        | option a |
            |         | list            | a        | option b |
            |         | list            | b        | option c |
            |         | list            | b        | option d |
            """),
    dict(file="fields-duplicate-choice-setting-bob", src=(PYX, "tests/test_fields.py", "test_duplicate_choices_with_setting_not_set_to_yes"),
         pyxform="The name column for the 'list' choice list contains these duplicates: 'b'",
         intake='choice "b" appears twice in list "list"', md="""
            | survey  |                 |          |          |
            |         | type            | name     | label    |
            |         | select_one list | S1       | s1       |
            | choices |                 |          |          |
            |         | list name       | name     | label    |
            |         | list            | a        | option a |
            |         | list            | b        | option b |
            |         | list            | b        | option c |
            | settings |                |          |          |
            |          | id_string    | allow_choice_duplicates   |
            |          | Duplicates   | Bob                       |
            """),
    dict(file="fields-allow-choice-duplicates", src=(PYX, "tests/test_fields.py", "test_duplicate_choices_with_allow_choice_duplicates_setting"),
         pyxform="valid", intake="", md="""
            | survey  |                 |      |       |
            |         | type            | name | label |
            |         | select_one list | S1   | s1    |
            | choices |                 |      |       |
            |         | list name       | name | label |
            |         | list            | a    | A     |
            |         | list            | b    | B     |
            |         | list            | b    | C     |
            | settings |                |                         |
            |          | id_string      | allow_choice_duplicates |
            |          | Duplicates     | Yes                     |
            """),
    dict(file="fields-no-duplicates", src=(PYX, "tests/test_fields.py", "test_choice_list_without_duplicates_is_successful"),
         pyxform="valid", intake="", md="""
            | survey  |                 |      |       |
            |         | type            | name | label |
            |         | select_one list | S1   | s1    |
            | choices |                 |      |       |
            |         | list name       | name | label |
            |         | list            | a    | A     |
            |         | list            | b    | B     |
            | settings |              |                         |
            |          | id_string    | allow_choice_duplicates |
            |          | Duplicates   | Yes                     |
            """),
    dict(file="fields-activity", src=(PYX, "tests/test_fields.py", "test_field_name_may_match_form_name"),
         pyxform="valid", intake="", md="""
            | survey  |             |          |                   |
            |         | type        | name     | label             |
            |         | date        | date     | Observation date  |
            |         | text        | activity | Describe activity |
            """),
    dict(file="repeat-relative-reference", src=(PYX, "tests/test_repeat.py", "test_repeat_relative_reference"),
         pyxform="valid", intake="", md="""
                | survey |              |          |            |                      |
                |        | type         | name     | relevant   | label                |
                |        | text         | Z        |            | Fruit                |
                |        | begin repeat | section  |            | Section              |
                |        | text         | AA       |            | Anything really      |
                |        | text         | A        |            | A oat                |
                |        | text         | B        | ${A}='oat' | B w ${A}             |
                |        | note         | note1    |            | Noted ${AA} w ${A}   |
                |        | end repeat   |          |            |                      |
                |        |              |          |            |                      |
                |        | begin repeat | section2 |            | Section 2            |
                |        | text         | C        |            | C                    |
                |        | begin group  | sectiona |            | Section A            |
                |        | text         | D        |            | D oat                |
                |        | text         | E        | ${D}='oat' | E w ${Z}             |
                |        | note         | note2    |            | Noted ${C} w ${E}    |
                |        | end group    |          |            |                      |
                |        | note         | note3    |            | Noted ${C} w ${E}    |
                |        | end repeat   |          |            |                      |
                |        |              |          |            |                      |
                |        | begin repeat | section3 |            | Section 3            |
                |        | text         | FF       |            | F any text           |
                |        | text         | F        |            | F oat                |
                |        | begin group  | sectionb |            | Section B            |
                |        | text         | G        |            | G oat                |
                |        | text         | H        | ${G}='oat' | H w ${Z}             |
                |        | note         | note4    |            | Noted ${H} w ${Z}    |
                |        | end group    |          |            |                      |
                |        | begin repeat | sectionc |            | Section B            |
                |        | text         | I        |            | I                    |
                |        | text         | J        | ${I}='oat' | J w ${Z}             |
                |        | text         | K        | ${F}='oat' | K w ${Z}             |
                |        | text         | L        | ${G}='oat' | K w ${Z}             |
                |        | note         | note5    |            | Noted ${FF} w ${H}   |
                |        | note         | note6    |            | JKL #${J}#${K}#${L}  |
                |        | end repeat   |          |            |                      |
                |        | note         | note7    |            | Noted ${FF} w ${H}   |
                |        | begin group  | sectiond |            | Section D            |
                |        | text         | M        |            | M oat                |
                |        | text         | N        | ${G}='oat' | N w ${Z}             |
                |        | text         | O        | ${M}='oat' | O w ${Z}             |
                |        | note         | note8    |            | NO #${N} #${O}       |
                |        | end group    |          |            |                      |
                |        | note         | note9    |            | ${FF} ${H} ${N} ${N} |
                |        | end repeat   |          |            |                      |
                """),
    dict(file="repeat-choice-filter", src=(PYX, "tests/test_repeat.py", "test_choice_filter_relative_path"),
         pyxform="valid", intake="", md="""
                | survey  |                      |       |        |                |
                |         | type                 | name  | label  | choice_filter  |
                |         | begin repeat         | rep   |        |                |
                |         | select_one crop_list | crop  | Select |                |
                |         | select_one crop_list | a     | Verify | name = ${crop} |
                |         | begin group          | group |        |                |
                |         | select_one crop_list | b     | Verify | name = ${crop} |
                |         | end group            |       |        |                |
                |         | end repeat           |       |        |                |
                |         |                      |       |        |                |
                | choices |                      |       |        |                |
                |         | list name            | name  | label  |                |
                |         | crop_list            | maize | Maize  |                |
                |         | crop_list            | beans | Beans  |                |
                |         | crop_list            | kale  | Kale   |                |
            """),
    dict(file="repeat-indexed-repeat", src=(PYX, "tests/test_repeat.py", "test_indexed_repeat_relative_path"),
         pyxform="valid", intake="", md="""
                | survey  |                      |       |        |                                  |
                |         | type                 | name  | label  | calculation                      |
                |         | begin repeat         | rep   |        |                                  |
                |         | begin repeat         | rep2  |        |                                  |
                |         | select_one crop_list | crop  | Select |                                  |
                |         | text                 | a     | Verify |                                  |
                |         | begin group          | group |        |                                  |
                |         | text                 | b     | Verify |                                  |
                |         | end group            |       |        |                                  |
                |         | end repeat           |       |        |                                  |
                |         | calculate            | c1    |        | indexed-repeat(${a}, ${rep2}, 1) |
                |         | end repeat           |       |        |                                  |
                |         |                      |       |        |                                  |
                |         |                      |       |        |                                  |
                | choices |                      |       |        |                                  |
                |         | list name            | name  | label  |                                  |
                |         | crop_list            | maize | Maize  |                                  |
                |         | crop_list            | beans | Beans  |                                  |
                |         | crop_list            | kale  | Kale   |                                  |
            """),
    dict(file="settings-case-insensitive", src=(PYX, "tests/test_sheet_columns.py", "test_case_insensitive_form_id_form_title"),
         pyxform="valid", intake="", md="""
        | settings |
        |          | Form_ID | Form_Title |
        |          | My Form | Welcome!   |
        | survey |
        |        | type  | name | label |
        |        | text  | q1   | hello |
        """),
    dict(file="settings-form-id-variant", src=(PYX, "tests/test_sheet_columns.py", "test_form_id_variant"),
         pyxform="valid", intake="", md="""
        | survey   |      |             |       |
        |          | type | name        | label |
        |          | text | member_name | name  |
        | settings |                                   |                        |             |
        |          | id_string                         | version                | form_id     |
        |          | get_option_from_two_repeat_answer | vWvvk3GYzjXcJQyvTWELej | AUTO-v2-jef |
        """),
    dict(file="columns-case", src=(PYX, "tests/test_sheet_columns.py", "test_column_case"),
         pyxform="valid", intake="", md="""
            | Survey |         |         |               |
            |        | Type    | name    | Label         |
            |        | text    | Name    | the name      |
            |        | integer | age     | the age       |
            |        | text    | gender  | the gender    |
            """),
    dict(file="columns-label-caps", src=(PYX, "tests/test_sheet_columns.py", "test_label_caps_alternatives"),
         pyxform="valid", intake="", md="""
            | survey |      |      |       |
            |        | type | name | Label |
            |        | note | q    | Q     |
            """),
    dict(file="columns-calculate-alias", src=(PYX, "tests/test_sheet_columns.py", "test_calculate_alias"),
         pyxform="valid", intake="", md="""
            | survey |           |         |         |               |
            |        | type      | name    | label   | calculate     |
            |        | decimal   | amount  | Counter |               |
            |        | calculate | doubled | Doubled | ${amount} * 2 |
            """),
    dict(file="columns-missing-survey-headers", src=(PYX, "tests/test_sheet_columns.py", "test_missing_survey_headers"),
         pyxform="The survey sheet is missing the required column(s): 'type'",
         intake="has neither a type nor a name column", md="""
            | survey |                 |    |
            |        | select_one list | S1 |
            """),
    dict(file="columns-missing-choice-headers", src=(PYX, "tests/test_sheet_columns.py", "test_missing_choice_headers"),
         pyxform="The choices sheet is missing the required column(s): 'name'",
         intake="needs the columns list_name and name", md="""
            | survey  |                 |          |      |
            |         | type            | label    | name |
            |         | select_one list | S1       | s1   |
            | choices |                 |          |      |
            |         | list            | option a | a    |
            |         | list            | option b | b    |
            """),
    dict(file="columns-value-alias", src=(PYX, "tests/test_sheet_columns.py", "test_value_and_name"),
         pyxform="valid", intake="", md="""
        | survey  |               |                |            |
        |         | type          | name           | label      |
        |         | select_one yn | q1             | Question 1 |
        | choices |               |                |            |
        |         | list name     | value          | label      |
        |         | yn            | yes            | Yes        |
        |         | yn            | no             | No         |
        """),
    dict(file="columns-jr-count", src=(PYX, "tests/test_sheet_columns.py", "test_repeat_count__jr_alias"),
         pyxform="valid", intake="", md="""
        | survey |
        |        | type         | name    | label | jr:count |
        |        | begin repeat | a       | 1     | 3        |
        |        | text         | b       | 2     |          |
        |        | end repeat   | a       |       |          |
        """),
    dict(file="group-type", src=(PYX, "tests/test_group.py", "test_group_type"),
         pyxform="valid", intake="", md="""
            | survey |             |         |                  |
            |        | type        | name    | label            |
            |        | text        | pregrp  | Pregroup text    |
            |        | begin group | xgrp    | XGroup questions |
            |        | text        | xgrp_q1 | XGroup Q1        |
            |        | integer     | xgrp_q2 | XGroup Q2        |
            |        | end group   |         |                  |
            |        | note        | postgrp | Post group note  |
            """),
    dict(file="group-intent", src=(PYX, "tests/test_group.py", "test_group_intent"),
         pyxform="valid", intake="", md="""
            | survey |             |         |                  |                                                             |
            |        | type        | name    | label            | intent                                                      |
            |        | text        | pregrp  | Pregroup text    |                                                             |
            |        | begin group | xgrp    | XGroup questions | ex:org.redcross.openmapkit.action.QUERY(osm_file=${pregrp}) |
            |        | text        | xgrp_q1 | XGroup Q1        |                                                             |
            |        | integer     | xgrp_q2 | XGroup Q2        |                                                             |
            |        | end group   |         |                  |                                                             |
            |        | note        | postgrp | Post group note  |                                                             |
            """),
    dict(file="group-relevant", src=(PYX, "tests/test_group.py", "test_group_relevant_included_in_bind"),
         pyxform="valid", intake="", md="""
        | survey |
        |        | type        | name | label | relevant  |
        |        | integer     | q1   | Q1    |           |
        |        | begin group | g1   | G1    | ${q1} = 1 |
        |        | text        | q2   | Q2    |           |
        |        | end group   |      |       |           |
        """),
    dict(file="group-table-list", src=(PYX, "tests/test_group.py", "test_table_list_appearance"),
         pyxform="valid", intake="", md="""
        | survey  |
        | | type              | name       | label     | hint       | appearance         |
        | | begin_group       | tablelist1 | Table_Y_N |            | table-list minimal |
        | | select_one yes_no | options1a  | Q1        | first row! |                    |
        | | select_one yes_no | options1b  | Q2        |            |                    |
        | | end_group         |            |           |            |                    |
        | choices |
        | | list_name | name | label |
        | | yes_no    | yes  | Yes   |
        """),
    dict(file="group-names-basic", src=(PYX, "tests/test_group.py", "test_names__group_basic_case__ok"),
         pyxform="valid", intake="", md="""
        | survey |
        | | type        | name | label |
        | | begin group | g1   | G1    |
        | | text        | q1   | Q1    |
        | | end group   |      |       |
        """),
    dict(file="group-names-two", src=(PYX, "tests/test_group.py", "test_names__group_different_names_same_context__ok"),
         pyxform="valid", intake="", md="""
        | survey |
        | | type        | name | label |
        | | begin group | g1   | G1    |
        | | text        | q1   | Q1    |
        | | end group   |      |       |
        | | begin group | g2   | G2    |
        | | text        | q2   | Q2    |
        | | end group   |      |       |
        """),
    dict(file="names-question-in-group", src=(PYX, "tests/test_fields.py", "test_names__question_same_as_question_in_different_group_context__ok"),
         pyxform="valid", intake="", md="""
        | survey |
        | | type        | name | label |
        | | text        | q1   | Q1    |
        | | begin group | g1   | G1    |
        | | text        | q1   | Q1    |
        | | end group   |      |       |
        """),
    dict(file="names-question-in-repeat", src=(PYX, "tests/test_fields.py", "test_names__question_same_as_question_in_different_repeat_context__ok"),
         pyxform="valid", intake="", md="""
        | survey |
        | | type         | name | label |
        | | text         | q1   | Q1    |
        | | begin repeat | r1   | R1    |
        | | text         | q1   | Q1    |
        | | end repeat   |      |       |
        """),
    dict(file="group-names-same-context", src=(PYX, "tests/test_group.py", "test_names__group_same_as_group_in_same_context_in_survey__error"),
         pyxform="[row : 5] On the 'survey' sheet, the 'name' value 'g1' is invalid. Questions, groups, and repeats must be unique within their nearest parent group or repeat, or the survey if not inside a group or repeat.",
         intake='the name "g1" is already used on row 2', md="""
        | survey |
        | | type        | name | label |
        | | begin group | g1   | G1    |
        | | text        | q1   | Q1    |
        | | end group   |      |       |
        | | begin group | g1   | G2    |
        | | text        | q2   | Q2    |
        | | end group   |      |       |
        """),
    dict(file="group-names-repeat-same-context", src=(PYX, "tests/test_group.py", "test_names__group_same_as_repeat_in_same_context_in_survey__error"),
         pyxform="[row : 5] On the 'survey' sheet, the 'name' value 'g1' is invalid.",
         intake='the name "g1" is already used on row 2', md="""
        | survey |
        | | type         | name | label |
        | | begin repeat | g1   | G1    |
        | | text         | q1   | Q1    |
        | | end repeat   |      |       |
        | | begin group  | g1   | G2    |
        | | text         | q2   | Q2    |
        | | end group    |      |       |
        """),
    dict(file="group-names-in-group", src=(PYX, "tests/test_group.py", "test_names__group_same_as_group_in_same_context_in_group__error"),
         pyxform="[row : 6] On the 'survey' sheet, the 'name' value 'g2' is invalid.",
         intake='the name "g2" is already used on row 3', md="""
        | survey |
        | | type        | name | label |
        | | begin group | g1   | G1    |
        | | begin group | g2   | G2    |
        | | text        | q1   | Q1    |
        | | end group   |      |       |
        | | begin group | g2   | G2    |
        | | text        | q2   | Q2    |
        | | end group   |      |       |
        | | end group   |      |       |
        """),
    dict(file="group-names-in-repeat", src=(PYX, "tests/test_group.py", "test_names__group_same_as_group_in_same_context_in_repeat__error"),
         pyxform="[row : 6] On the 'survey' sheet, the 'name' value 'g2' is invalid.",
         intake='the name "g2" is already used on row 3', md="""
        | survey |
        | | type         | name | label |
        | | begin repeat | r1   | R1    |
        | | begin group  | g2   | G2    |
        | | text         | q1   | Q1    |
        | | end group    |      |       |
        | | begin group  | g2   | G2    |
        | | text         | q2   | Q2    |
        | | end group    |      |       |
        | | end repeat   |      |       |
        """),
    dict(file="range-parameters", src=(PYX, "tests/test_range.py", "test_range_type"),
         pyxform="valid", intake="", md="""
            | survey |        |          |       |                     |
            |        | type   |   name   | label | parameters          |
            |        | range  |   level  | Scale | start=1 end=10 step=1 |
            """),
    dict(file="range-parameters-case", src=(PYX, "tests/test_range.py", "test_range_type (mixed case parameters)"),
         pyxform="valid", intake="", md="""
            | survey |        |          |       |                     |
            |        | type   |   name   | label | parameters          |
            |        | range  |   level  | Scale | Start=3 End=14 STEP=2 |
            """),
    dict(file="range-defaults", src=(PYX, "tests/test_range.py", "test_range_type_defaults"),
         pyxform="valid", intake="", md="""
            | survey |        |          |       |                     |
            |        | type   |   name   | label | parameters          |
            |        | range  |   level  | Scale | end=20              |
            """),
    dict(file="range-float", src=(PYX, "tests/test_range.py", "test_range_type_float"),
         pyxform="valid", intake="", md="""
            | survey |        |          |       |                     |
            |        | type   |   name   | label | parameters          |
            |        | range  |   level  | Scale | start=0.5 end=5.0 step=0.5 |
            """),
    dict(file="range-separators", src=(PYX, "tests/test_range.py", "test_range_comma_separator"),
         pyxform="valid", intake="", md="""
            | survey |        |          |       |                                 |
            |        | type   |   name   | label | parameters                      |
            |        | range  |   level  | Scale | start = 1 , end = 10 , step = 2 |
            """),
    dict(file="range-semicolons", src=(PYX, "tests/test_range.py", "test_range_semicolon_separator"),
         pyxform="valid", intake="", md="""
            | survey |        |          |       |                       |
            |        | type   |   name   | label | parameters            |
            |        | range  |   level  | Scale | start=1;end=10;step=1 |
            """),
    dict(file="range-bad-parameter", src=(PYX, "tests/test_range.py", "test_range_type_invalid_parameters"),
         pyxform="errored (invalid parameter 'increment')",
         intake='range has no parameter "increment"', md="""
            | survey |        |          |       |                        |
            |        | type   |   name   | label | parameters             |
            |        | range  |   level  | Scale | increment=0.5 end=21.5 |
            """),
    dict(file="range-bad-number", src=(PYX, "tests/test_range.py", "test_range_type_invalid_parameters (end=X)"),
         pyxform="errored (end=X is not a number)",
         intake='"end=X" is not KEY=NUMBER', md="""
            | survey |        |          |       |                     |
            |        | type   |   name   | label | parameters          |
            |        | range  |   level  | Scale | start=0.5 end=X step=0.5 |
            """),
    dict(file="rank", src=(PYX, "tests/test_rank.py", "test_rank"),
         pyxform="valid", intake="", md="""
            | survey |              |          |       |
            |        | type         | name     | label |
            |        | rank mylist  | order    | Rank  |
            | choices|              |          |       |
            |        | list_name    | name     | label |
            |        | mylist       | a        | A     |
            |        | mylist       | b        | B     |
            """),
    dict(file="rank-translations", src=(PYX, "tests/test_rank.py", "test_rank_translations"),
         pyxform="valid", intake="", md="""
            | survey |              |          |       |                    |
            |        | type         | name     | label | label::French (fr) |
            |        | rank mylist  | order    | Rank  | Ranger             |
            | choices|              |          |       |
            |        | list_name    | name     | label | label::French (fr) |
            |        | mylist       | a        | A     |  AA                |
            |        | mylist       | b        | B     |  BB                |
            """),
    dict(file="geo-gps", src=(PYX, "tests/test_geo.py", "test_gps_type"),
         pyxform="valid", intake="", md="""
            | survey |      |          |       |
            |        | type |   name   | label |
            |        | gps  | location | GPS   |
            """),
    dict(file="geo-geopoint", src=(PYX, "tests/test_geo.py", "test_gps_alias"),
         pyxform="valid", intake="", md="""
            | survey |          |          |       |
            |        | type     | name     | label |
            |        | geopoint | location | GPS   |
            """),
    dict(file="geo-widgets-in-repeat", src=(PYX, "tests/test_geo.py", "test_geo_widgets_types"),
         pyxform="valid", intake="", md="""
            | survey |              |            |                   |
            |        | type         | name       | label             |
            |        | begin_repeat | repeat     |                   |
            |        | geopoint     | point      | Record Geopoint   |
            |        | note         | point_note | Point ${point}    |
            |        | geotrace     | trace      | Record a Geotrace |
            |        | note         | trace_note | Trace: ${trace}   |
            |        | geoshape     | shape      | Record a Geoshape |
            |        | note         | shape_note | Shape: ${shape}   |
            |        | end_repeat   |            |                   |
            """),
    dict(file="columns-hint-instead-of-label", src=(PYX, "tests/test_sheet_columns.py", "test_label_node_added_when_hint_given_but_no_label_value"),
         pyxform="valid", intake="", md="""
            | survey |      |      |       |              |      |
            |        | type | name | label | media::image | hint |
            |        | text | a    |       |              | h    |
            |        | text | b    | l     |              |      |
            |        | text | c    |       | m.png        |      |
            """),
    dict(file="sheets-all-ok", src=(PYX, "tests/test_xls2json.py", "TestXLS2JSONSheetNameHeuristics::test_workbook_to_json__multiple_misspellings__all_ok"),
         pyxform="valid", intake="", md="""
            | survey   |                        |           |       |               |
            |          | type                   | name      | label | choice_filter |
            |          | select_one l1          | q1        | Q1    |               |
            |          | select_one_external l2 | q2        | Q2    | q1=${q1}      |
            | choices  |               |           |       |
            |          | list_name     | name      | label |
            |          | l1            | 1         | C1    |
            | external_choices |               |           |       |
            |                  | list_name     | name      | q1    |
            |                  | l2            | 1         | 1     |
            |                  | l2            | 2         | 2     |
            | settings |               |           |       |
            |          | id_string     | title     |
            |          | my_id         | My Survey |
            """),
    dict(file="sheets-external-and-misspelled", src=(PYX, "tests/test_xls2json.py", "TestXLS2JSONSheetNameHeuristics::test_workbook_to_json__misspelled_found__external_choices_exists"),
         pyxform="valid", intake="", md="""
            | survey   |                        |           |       |               |
            |          | type                   | name      | label | choice_filter |
            |          | text                   | q1        | Q1    |               |
            |          | select_one_external l1 | q2        | Q2    | q1=${q1}      |
            | external_choices |                |           |       |               |
            |          | list_name              | name      | q1    |               |
            |          | l1                     | 1         | 1     |               |
            |          | l1                     | 2         | 2     |               |
            | extrenal_choices |                |           |       |               |
            |          | list_name              | name      | q1    |               |
            |          | l1                     | 1         | 1     |               |
            |          | l1                     | 2         | 2     |               |
            """),
    dict(file="sheets-surveys-misspelled", src=(PYX, "tests/test_xls2json.py", "TestXLS2JSONSheetNameHeuristics::test_workbook_to_json__misspelled_found__survey_multiple"),
         pyxform="You must have a sheet named 'survey'. (similar: 'surveys', 'surve')",
         intake='the workbook has no sheet called "survey"', md="""
            | surveys |           |           |       |
            |         | type      | name      | label |
            |         | text      | q1        | Q1    |
            | Surve   |           |           |       |
            |         | type      | name      | label |
            |         | text      | q1        | Q1    |
            """),
    dict(file="sheets-chooses-misspelled", src=(PYX, "tests/test_xls2json.py", "TestXLS2JSONSheetNameHeuristics::test_workbook_to_json__multiple_misspellings__choices"),
         pyxform="There should be a choices sheet in this xlsform. (similar: 'chooses')",
         intake='choice list "l1" is not in', md="""
            | survey   |                        |           |       |               |
            |          | type                   | name      | label | choice_filter |
            |          | select_one l1          | q1        | Q1    |               |
            |          | select_one_external l2 | q2        | Q2    | q1=${q1}      |
            | chooses  |               |           |       |
            |          | list_name     | name      | label |
            |          | l1            | 1         | C1    |
            | external_choyces |               |           |       |
            |                  | list_name     | name      | q1    |
            |                  | l2            | 1         | 1     |
            |                  | l2            | 2         | 2     |
            | settings |               |           |       |
            |          | id_string     | title     |
            |          | my_id         | My Survey |
            """),
    dict(file="sheets-external-misspelled", src=(PYX, "tests/test_xls2json.py", "TestXLS2JSONSheetNameHeuristics::test_workbook_to_json__multiple_misspellings__external_choices"),
         pyxform="There should be an external_choices sheet in this xlsform. (similar: 'external_choyces')",
         intake='choice list "l2" is not in', md="""
            | survey   |                        |           |       |               |
            |          | type                   | name      | label | choice_filter |
            |          | select_one l1          | q1        | Q1    |               |
            |          | select_one_external l2 | q2        | Q2    | q1=${q1}      |
            | choices  |               |           |       |
            |          | list_name     | name      | label |
            |          | l1            | 1         | C1    |
            | external_choyces |               |           |       |
            |                  | list_name     | name      | q1    |
            |                  | l2            | 1         | 1     |
            |                  | l2            | 2         | 2     |
            | settings |               |           |       |
            |          | id_string     | title     |
            |          | my_id         | My Survey |
            """),
    dict(file="trigger-no-label", src=(PYX, "tests/test_trigger.py", "test_handling_trigger_column_no_label_and_no_hint"),
         pyxform='valid', intake='', md="""
        | survey |          |      |             |             |         |
        |        | type     | name | label       | calculation | trigger |
        |        | text     | a    | Enter text  |             |         |
        |        | dateTime | b    |             | now()       | ${a}    |
        """),
    dict(file="trigger-multiple", src=(PYX, "tests/test_trigger.py", "test_handling_multiple_trigger_column"),
         pyxform='valid', intake='', md="""
        | survey |          |      |            |             |         |        |
        |        | type     | name | label      | calculation | trigger | hint   |
        |        | text     | a    | Enter text |             |         |        |
        |        | integer  | b    |            | 1+1         | ${a}    |        |
        |        | dateTime | c    |            | now()       | ${a}    | A hint |
        """),
    dict(file="trigger-no-calculation", src=(PYX, "tests/test_trigger.py", "test_handling_trigger_column_with_no_calculation_no_label_no_hint"),
         pyxform='valid', intake='', md="""
        | survey |          |      |            |             |         |
        |        | type     | name | label      | calculation | trigger |
        |        | text     | a    | Enter text |             |         |
        |        | decimal  | e    |            |             | ${a}    |
        """),
    dict(file="trigger-in-group", src=(PYX, "tests/test_trigger.py", "test_handling_trigger_column_in_group"),
         pyxform='valid', intake='', md="""
        | survey |             |      |                    |             |         |
        |        | type        | name | label              | calculation | trigger |
        |        | text        | a    | Enter text         |             |         |
        |        | begin_group | grp  |                    |             | ${a}    |
        |        | dateTime    | c    | Date of diagnostic | now()       | ${a}    |
        |        | end_group   |      |                    |             |         |
        """),
    dict(file="trigger-select", src=(PYX, "tests/test_trigger.py", "test_trigger_with_trigger_of_type_select_nests_setvalue_in_select"),
         pyxform='valid', intake='', md="""
            | survey |                    |      |             |                    |         |
            |        | type               | name | label       | calculation        | trigger |
            |        | select_one choices | a    | Some choice |                    |         |
            |        | integer            | b    |             | string-length(${a})| ${a}    |
            | choices|                    |      |             |                    |         |
            |        | list_name          | name | label       |
            |        | choices            | a    | A           |
            |        | choices            | aa   | AA          |
            """),
    dict(file="trigger-in-repeat", src=(PYX, "tests/test_trigger.py", "test_trigger_column_in_repeat_should_have_expanded_xpath_in_value"),
         pyxform='valid', intake='', md="""
            | survey |              |       |                        |                        |         |
            |        | type         | name  | label                  | calculation            | trigger |
            |        | begin repeat | rep   |                        |                        |         |
            |        | dateTime     | one   | Enter text             |                        |         |
            |        | dateTime     | three | Enter text (triggered) | string-length(${one})  | ${one}  |
            |        | end repeat   |       |                        |                        |         |
            """),
    dict(file="trigger-missing-ref", src=(PYX, "tests/test_trigger.py", "test_trigger_reference_to_nonexistent_node_gives_error"),
         pyxform="There has been a problem trying to replace ${a} with the XPath to the survey element named 'a'. There is no survey element with this name.", intake='${a} is not a field of this form', md="""
            | survey |          |      |             |             |         |
            |        | type     | name | label       | calculation | trigger |
            |        | dateTime | b    |             | now()       | ${a}    |
            """),
    dict(file="trigger-not-a-ref", src=(PYX, "tests/test_trigger.py", "test_trigger_with_something_other_than_node_ref_gives_error"),
         pyxform="Only references to other fields are allowed in the 'trigger' column.", intake='only a reference to another field', md="""
            | survey |          |      |             |             |         |
            |        | type     | name | label       | calculation | trigger |
            |        | dateTime | b    |             | now()       | 6       |
            """),
    dict(file="trigger-hidden-ref", src=(PYX, "tests/test_trigger.py", "test_trigger_refer_to_hidden_node_ref_gives_error"),
         pyxform="The question ${one} is not user-visible so it can't be used as a calculation trigger for question ${one-ts}.", intake='${one} is not a question the interviewer answers', md="""
            | survey |           |        |                      |         |             |
            |        | type      | name   | label                | trigger | calculation |
            |        | calculate | one    |                      |         | 5 + 4       |
            |        | calculate | one-ts |                      | ${one}  | now()       |
            |        | note      | note   | timestamp: ${one-ts} |         |             |
            """),
    dict(file="trigger-typed-calculate", src=(PYX, "tests/test_trigger.py", "test_typed_calculate_cant_be_trigger"),
         pyxform="The question ${two} is not user-visible so it can't be used as a calculation trigger for question ${two-ts}.", intake='${two} is not a question the interviewer answers', md="""
                | survey |           |        |         |             |
                |        | type      | name   | trigger | calculation |
                |        | integer   | two    |         | 1 + 1       |
                |        | integer   | two-ts | ${two}  | now()       |
                """),
]
