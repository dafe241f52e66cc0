package org.santegateway.dmp;

/** Whether an admin granted a professional access to a patient's record (in force now). */
@FunctionalInterface
public interface AccessGrants {
    AccessGrants NONE = (professionalAddress, patient) -> false;

    boolean isGranted(String professionalAddress, Ins patient);
}
