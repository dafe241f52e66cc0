/**
 * The patient's health agenda. Built so far: prevention (vaccinations and organised screenings
 * computed from the birth date and sex, with the patient's statuses). Appointments are not built yet.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * PreventionRules rules = PreventionRules.load(config.resolve("prevention-rules.txt"));   // PreventionRulesException: do not start
 * PreventionEngine engine = new PreventionEngine(rules, PreventionEngine.DEFAULT_HORIZON);
 * PreventionPatient patient = PreventionPatient.fromIns(ins.matricule(), birthDateFromIdentityTraits);
 * engine.items(patient, statuses.marksOf(ins), LocalDate.now(clock));                  // the agenda page
 * statuses.mark(ins, new PreventionStatusMark(item.key(), PreventionStatus.DONE, today)); // the patient says
 * engine.comingDue(patient, statuses.marksOf(ins), day);                                // daily reminder job
 * }</pre>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>The table is data</b> ({@code config/prevention-rules.txt}, versioned, sources cited):
 *   operators replace it each year; its comments say how it reads the official calendar where a
 *   summary would be ambiguous. Parsing is all or nothing and names the line.</li>
 *   <li><b>Dates</b> are the birth date plus calendar months in one step ({@link
 *   org.santegateway.agenda.Age}): 29 February and month ends are clamped to the month's last day,
 *   never drift month after month.</li>
 *   <li><b>What is shown</b>: items in progress (due, window not over) and, per rule, the next one
 *   due within the horizon. Items whose window is over are left out: windows include the catch-up
 *   the calendar recommends, so what is left out is no longer recommended at that age (an adult of
 *   40 sees no infant vaccine, a missed infant dose stays until its catch-up ends).</li>
 *   <li><b>Unknown sex</b>: the rules of both sexes apply (a missed screening costs more than one the
 *   patient marks "not done"); each item carries its rule's sex filter for the page to phrase it.</li>
 *   <li><b>Statuses</b> are kept per item (rule id and occurrence number), the latest one wins; done
 *   on day D moves the next occurrence of a screening to D plus its interval, boosters stay at fixed
 *   ages; a catch-up disappears once the item it catches up is done.</li>
 *   <li><b>Reminders</b>: an item comes due on its due date, once, unless marked done; a mark that
 *   moves a date makes the new date come due.</li>
 * </ul>
 */
package org.santegateway.agenda;
