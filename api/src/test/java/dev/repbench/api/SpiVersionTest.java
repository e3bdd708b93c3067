package dev.repbench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void currentIsOnePointThreeAndMatchesTheCompileTimeConstants() {
        assertEquals(SpiVersion.of(1, 3), SpiVersion.CURRENT);
        assertEquals(SpiVersion.of(SpiVersion.MAJOR, SpiVersion.MINOR), SpiVersion.CURRENT);
        assertEquals("RepBench-SPI-Version", SpiVersion.MANIFEST_ATTRIBUTE);
    }

    @Test
    void parsesMajorMinorAndBareMajor() {
        assertEquals(SpiVersion.of(1, 0), SpiVersion.parse("1.0"));
        assertEquals(SpiVersion.of(2, 13), SpiVersion.parse(" 2.13 "));
        assertEquals(SpiVersion.of(3, 0), SpiVersion.parse("3"));
    }

    @Test
    void refusesMalformedTextNamingIt() {
        for (String bad : new String[] {"", "1.", ".1", "1.0.0", "v1.0", "one", "-1.0"}) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse(bad));
            assertTrue(ex.getMessage().contains("'" + bad + "'"), ex.getMessage());
        }
    }

    @Test
    void sameMajorRunsWhateverTheMinorOtherMajorsDoNot() {
        SpiVersion host = SpiVersion.of(1, 2);
        assertTrue(SpiVersion.of(1, 0).canRunOn(host));
        assertTrue(SpiVersion.of(1, 5).canRunOn(host));
        assertFalse(SpiVersion.of(2, 0).canRunOn(host));
        assertFalse(SpiVersion.of(0, 9).canRunOn(host));
    }

    @Test
    void newerMinorIsDetectedOnlyWithinTheSameMajor() {
        SpiVersion host = SpiVersion.of(1, 2);
        assertTrue(SpiVersion.of(1, 3).isNewerMinorThan(host));
        assertFalse(SpiVersion.of(1, 2).isNewerMinorThan(host));
        assertFalse(SpiVersion.of(1, 1).isNewerMinorThan(host));
        assertFalse(SpiVersion.of(2, 5).isNewerMinorThan(host));
    }

    @Test
    void ordersByMajorThenMinorAndPrintsAsParsed() {
        assertTrue(SpiVersion.of(1, 10).compareTo(SpiVersion.of(2, 0)) < 0);
        assertTrue(SpiVersion.of(1, 10).compareTo(SpiVersion.of(1, 9)) > 0);
        assertEquals("1.10", SpiVersion.of(1, 10).toString());
        assertEquals("2.x", SpiVersion.of(2, 3).family());
        assertThrows(IllegalArgumentException.class, () -> SpiVersion.of(-1, 0));
    }
}
