package app.openly.journal;

import app.openly.testsupport.OpenlyTestInfrastructure;

/** Its own database, so re-wrapping every data key with another master key leaves the other tests' rows alone. */
public class RotationTestInfrastructure extends OpenlyTestInfrastructure {
    @Override
    protected String database() {
        return "journal_rotation";
    }
}
