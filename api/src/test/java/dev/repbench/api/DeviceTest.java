package dev.repbench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void parsesTheThreeFormsAndPrintsTheCanonicalOne() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.cuda(0), Device.parse("CUDA"));
        assertEquals(Device.cuda(3), Device.parse("cuda:3"));
        assertEquals("cuda:0", Device.parse("cuda").toString());
        assertEquals("cpu", Device.CPU.toString());
    }

    @Test
    void refusesOtherTextNamingTheAcceptedForms() {
        for (String bad : new String[] {"gpu", "cuda:", "cuda:-1", "cuda:x", "cpu:0", "cuda:99999999999"}) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Device.parse(bad), bad);
            assertTrue(ex.getMessage().contains("cpu, cuda or cuda:N"), ex.getMessage());
        }
    }

    @Test
    void cpuHasNoIndex() {
        assertThrows(IllegalArgumentException.class, () -> new Device(Device.Kind.CPU, 1));
        assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
    }
}
