package app.openly.platform.persistence;

import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** Reads the column types native queries return (they differ by driver and Hibernate version). */
public final class Rows {

    private Rows() {
    }

    public static LocalTime time(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof LocalTime t ? t : ((Time) o).toLocalTime();
    }

    public static LocalDate date(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof LocalDate d ? d : ((Date) o).toLocalDate();
    }

    public static Instant instant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) o).toInstant();
    }

    public static Object[] array(Object o) {
        if (o instanceof Object[] a) {
            return a;
        }
        if (o instanceof java.sql.Array a) {
            try {
                return (Object[]) a.getArray();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Object[0];
    }
}
