package org.santegateway.server.agenda;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;
import org.santegateway.agenda.PreventionItemKey;
import org.santegateway.agenda.PreventionStatus;
import org.santegateway.agenda.PreventionStatusMark;

/** The latest status a patient set on one prevention item (rule and occurrence). */
@Entity(name = "GatewayPreventionMark")
@Table(name = "GATEWAY_PREVENTION_MARK")
public class JpaPreventionMark {
    @Id
    @Column(name = "ID", length = 200, nullable = false)
    String id;

    @Column(name = "INS", length = 15, nullable = false)
    @Index(name = "GATEWAY_PREVENTION_MARK_INS_IDX")
    String ins;

    @Column(name = "RULE_ID", length = 120, nullable = false)
    String ruleId;

    @Column(name = "OCCURRENCE", nullable = false)
    int occurrence;

    @Column(name = "STATUS", length = 16, nullable = false)
    String status;

    @Column(name = "SET_ON", length = 10, nullable = false)
    String setOn;

    protected JpaPreventionMark() {
    }

    JpaPreventionMark(String ins, PreventionStatusMark mark) {
        this.id = id(ins, mark.item());
        this.ins = ins;
        this.ruleId = mark.item().ruleId();
        this.occurrence = mark.item().occurrence();
        update(mark);
    }

    static String id(String ins, PreventionItemKey key) {
        return ins + "|" + key.ruleId() + "|" + key.occurrence();
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    void update(PreventionStatusMark mark) {
        this.status = mark.status().name();
        this.setOn = mark.setOn().toString();
    }

    PreventionStatusMark toMark() {
        return new PreventionStatusMark(new PreventionItemKey(ruleId, occurrence), PreventionStatus.valueOf(status), LocalDate.parse(setOn));
    }
}
