# Forms from ODK's documentation (getodk/docs), as its pages print them:
# each example is one or more reStructuredText `csv-table` blocks (a sheet
# name, a `:header:` line and CSV rows), copied verbatim here with the
# page, the rubric above the example and the commit of the page read.
# pyxform was not run on them (it is not installable on this machine):
# they are the documentation's own examples of valid forms, so they are
# recorded as "valid" and must load and replay; the three that the page
# gives without their choices sheet or end_repeat row are recorded with
# the problem pyxform reports for it ("not run: ..." says so).
#
# CSV_FORMS: pyxform's own test fixtures kept as CSV (pyxform's CSV form
# format: a row naming the sheet, then its rows shifted one column right).

DOCS = "getodk/docs"
LOGIC = ("docs/form-logic.rst", "0f8e380aca26360373078a6d71c2b6d7cc7b9901")

DOC_FORMS = [
    dict(file="odk-docs-variables", page=LOGIC, rubric="Variables", tables=[
        ("survey", "type, name, label", '''
  text, your_name, What is your name?
  note, hello_name, "Hello, ${your_name}."
''')]),
    dict(file="odk-docs-calculation-tip", page=LOGIC, rubric="Calculations", tables=[
        ("survey", "type, name, label, calculation", '''
  decimal, bill_amount, Bill amount:, 
  calculate, tip_18, , "round((${bill_amount} * 0.18),2)"
  calculate, tip_18_total, , ${bill_amount} + ${tip_18}
  note, tip_18_note, "| Bill: $${bill_amount}
  | Tip (18%): $${tip_18}
  | Total: $${tip_18_total}",
''')]),
    dict(file="odk-docs-required", page=LOGIC, rubric="Requiring responses", tables=[
        ("survey", "type, name, label, required, required_message", '''
  text, name, What is your name?, yes, Please answer the question.
''')]),
    dict(file="odk-docs-static-default", page=LOGIC,
         rubric='XLSForm to select "Phone call" as the default contact method', tables=[
        ("survey", "type, name, label, default", '''
  select_one contacts, contact_method, How should we contact you?, phone_call
'''),
        ("choices", "list_name, name, label", '''
  contacts, phone_call, Phone call
  contacts, text_message, Text message
  contacts, email, Email
''')]),
    dict(file="odk-docs-default-now", page=LOGIC, rubric="XLSForm to set the current date as default", tables=[
        ("survey", "type, name, label, default", '''
  date, fever_onset, When did the fever start?, now()
''')]),
    dict(file="odk-docs-default-username", page=LOGIC, rubric="XLSForm to confirm metadata like username", tables=[
        ("survey", "type, name, label, default", '''
  username, username
  text, confirmed_username, What is your username?, ${username}
''')]),
    dict(file="odk-docs-default-previous-repeat", page=LOGIC,
         pyxform="not run: the example has no end_repeat row (pyxform: unmatched begin_repeat)",
         intake='begin_repeat "tree" is never closed',
         rubric="XLSForm to set a default value based on the last repeat instance", tables=[
        ("survey", "type, name, label, default", '''
  begin_repeat, tree, Tree
  text, species, Species, ${tree}[position() = position(current()/..) - 1]/species
''')]),
    dict(file="odk-docs-trigger-default", page=LOGIC,
         pyxform="not run: the example has no choices sheet (pyxform: list name gndr not in the choices sheet)",
         intake='choice list "gndr" is not in',
         rubric="XLSForm that uses current age as the default for diagnosis age", tables=[
        ("survey", "type, name, label, calculation, trigger", '''
  text, name, Child's name,
  integer, current_age, Child's age,
  select_one gndr, gender, Gender,
  integer, diagnosis_age, Age at malaria diagnosis, ${current_age}, ${current_age}
''')]),
    dict(file="odk-docs-trigger-clear", page=LOGIC,
         pyxform="not run: the example has no choices sheet (pyxform: list name gndr not in the choices sheet)",
         intake='choice list "gndr" is not in',
         rubric="XLSForm that clears diagnosis age if current age is updated", tables=[
        ("survey", "type, name, label, required, calculation, trigger", '''
  text, name, Child's name,
  integer, current_age, Child's age,
  select_one gndr, gender, Gender,
  integer, diagnosis_age, Age at malaria diagnosis, true(), '', ${current_age}
''')]),
    dict(file="odk-docs-lookup-instance", page=LOGIC,
         rubric="XLSForm that looks up default values based on a selection", tables=[
        ("survey", "type, name, label, calculation, trigger, choice_filter", '''
  select_one participants, participant, Participant, , ,true()
  text, phone_number, Phone number, instance('participants')/root/item[name=${participant}]/phone_number, ${participant}
'''),
        ("choices", "list_name, name, label, phone_number", '''
  participants, kwame_onwuachi, Kwame Onwuachi, +1-850-555-0168
  participants, sophia_roe, Sophia Roe, +36 55 562 079
''')]),
    dict(file="odk-docs-last-update", page=LOGIC, rubric="Capturing last update timestamps", tables=[
        ("survey", "type, name, label, calculation, trigger", '''
  string, name, Name,,
  dateTime, name_last_update_time,, now(), ${name}
  string, life_story, Life story,,
  dateTime, life_story_last_update_time,, now(), ${life_story}
''')]),
    dict(file="odk-docs-first-update", page=LOGIC, rubric="Capturing first update timestamps", tables=[
        ("survey", "type, name, label, calculation, trigger", '''
  string, name, Name,,
  dateTime, name_first_update_time,, "if(${name_first_update_time}='', now(), ${name_first_update_time})", ${name}
  string, life_story, Life story,,
  dateTime, life_story_first_update_time,, "if(${life_story_first_update_time}='', now(), ${life_story_first_update_time})", ${life_story}
''')]),
    dict(file="odk-docs-read-only", page=LOGIC, rubric="Read-only questions", tables=[
        ("survey", "type, name, label, read_only, default, calculation", '''
  decimal, salary_income, Income from salary,,,
  decimal, self_income, Income from self-employment,,,
  decimal, other_income, Other income,,,
  calculate, income_sum, , , , "${salary_income} + ${self_income} + ${other_income}"
  decimal, total_income, Total income, yes, ${income_sum}, 
''')]),
    dict(file="odk-docs-relevant-simple", page=LOGIC, rubric="Conditionally showing questions: simple example", tables=[
        ("survey", "type, name, label, relevant", '''
  select_one yes_no, watch_sports, Do you watch sports?, 
  text, favorite_team, What is your favorite team?, ${watch_sports} = 'yes'
'''),
        ("choices", "list_name, name, label", '''
  yes_no, yes, Yes
  yes_no, no, No
''')]),
    dict(file="odk-docs-group", page=LOGIC, rubric="XLSForm --- Question group", tables=[
        ("survey", "type, name, label", '''
  begin_group, my_group, My text widgets
  text, question_1, Text widget 1
  text, question_2, These questions will both be grouped together
  end_group, ,
''')]),
    dict(file="odk-docs-repeat-predicate-sum", page=LOGIC, rubric="XPath paths for repeats", tables=[
        ("survey", "type, name, label, calculation", '''
  begin repeat, people, Person,
  int, age, Age,
  int, pet_count, How many pets does this person have?
  end repeat, people, ,

  int, total_pets, , sum(${people}[age < 18]/pet_count)
  note, total_note, Total pets owned by children: ${total_pets}
''')]),
]

CSV_FORMS = [
    dict(file="pyxform-fixture-widgets", repo="XLSForm/pyxform",
         path="pyxform/tests/example_xls/widgets.csv",
         commit="4b80084491c6bedb6cdb3f558e69e8ffc86c2bba", csv='''\
"survey",,,,,,,,,,
,"type","name","label","hint","bind:constraint","bind:jr:constraintMsg","default","bind:readonly","bind:relevant","control:appearance"
,"string","my_string","string widget","can be short or very long",,,,,,
,"int","my_int","integer widget","try entering a number < 10",". < 10","number must be less than 10",,,,
,"decimal","my_decimal","decimal widget","only numbers > 10.51 and < 18.39",". > 10.51 and . < 18.39","number must be between 10.51 and 18.39",18.31,,,
,"date","my_date","date widget","only future dates allowed",". >= today()","only future dates allowed","2010-06-15",,,
,"time","my_time","time widget","testing time",,,,,,
,"select all that apply from list","my_select","select multiple widget","don't pick c and d together","not(selected(., 'c') and selected(., 'd'))","option c and d cannot be selected together","a c",,,
,"select one from list2","my_select1","select one widget","scroll down to see default selection",,,8,,,
,"trigger","my_trigger","acknowledge widget","need to push button",,,,,,
,"string","my_output","review widget. is your email still ${my_trigger}?","long hint: there is an upcoming section.",,,,"true()","selected(/widgets/branch, 'n')",
,"geopoint","my_geopoint","geopoint widget","this will get gps location",,,,,,
,"barcode","my_barcode","barcode widget","scans multi-format 1d/2d barcodes",,,,,,
,"image","my_image","image widget","this will launch the camera",,,,,,
,"audio","my_audio","audio widget","this will launch the audio recorder",,,,,,
,"video","my_video","video widget","this will launch the video recorder",,,,,,
,"string","numberAsString","String field that uses only numbers (plus a couple extra)","Takes 0-9, -, +, ., space, and comma",,,,,,"numbers"
,"geopoint","locationMap","Geopoint with map Widget","Note: this uses DATA and requires a connection",,,,,,"maps"
,"dateTime","dateTime","Date and Time Widget",,,,,,,
,"select one from list","spinner","Spinner Widget: Select 1",,,,,,,"minimal"
,"select all that apply from list","spinner_all","Spinner Widget: Select All",,,,,,,"minimal"
,"select one from list","selectadvance","Select Widget - Auto Advance",,,,,,,"quick"
,"select one from list","autocomplete","Select Widget - Auto Complete",,,,,,,"autocomplete"
"choices",,,,,,,,,,
,"list name","name","label",,,,,,,
,"list","a","option a",,,,,,,
,"list","b","option b",,,,,,,
,"list","c","option c",,,,,,,
,"list","d","option d",,,,,,,
,"list2",1,"option 1",,,,,,,
,"list2",2,"option 2",,,,,,,
,"list2",3,"option 3",,,,,,,
,"list2",4,"option 4",,,,,,,
,"list2",5,"option 5",,,,,,,
,"list2",6,"option 6",,,,,,,
,"list2",7,"option 7",,,,,,,
,"list2",8,"option 8",,,,,,,
"settings",,,,,,,,,,
,"add_none_option",,,,,,,,,
,FALSE,,,,,,,,,
'''),
    # pyxform's legacy spellings: single-colon translations, the "phone
    # number" type, questions without a label (pyxform accepts them).
    dict(file="pyxform-fixture-group", repo="XLSForm/pyxform",
         path="tests/example_xls/group.csv",
         commit="ec45215e88058455cbabd1f5c058514808beb2f0", csv='''\
"survey",,,
,"type","name","label:English (en)"
,"text","family_name","What's your family name?"
,"begin group","father","Father"
,"phone number","phone_number","What's your father's phone number?"
,"integer","age","How old is your father?"
,"end group",,
'''),
    dict(file="pyxform-fixture-text-and-integer", repo="XLSForm/pyxform",
         path="pyxform/tests/example_xls/text_and_integer.csv",
         pyxform="not run: pyxform's tests read this fixture to JSON only; converted to an XForm, pyxform says: The survey element named '%s' has no label or hint." % "your_name", intake="has no label or hint",
         commit="59377503ce92243476b0606819e4d74b488be104", csv='''\
"survey",,,
,"type","name","text:english"
,"text","your_name","What is your name?"
,"integer","your_age","How many years old are you?"
"choices",,,'''),
    dict(file="pyxform-fixture-gps", repo="XLSForm/pyxform",
         path="pyxform/tests/example_xls/gps.csv",
         pyxform="not run: pyxform's tests read this fixture to JSON only; converted to an XForm, pyxform says: The survey element named '%s' has no label or hint." % "location", intake="has no label or hint",
         commit="e3d963ddf595a262ed106b30a7919fa4dabb0e2b", csv='''\
"survey",,
,"type","name"
,"gps","location"
'''),
]
