package org.santegateway.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SafeXmlTest {
    private static final XmlLimits LIMITS = new XmlLimits(1 << 20, 1000, 16, 10_000);

    private static XmlException.Reason reasonOf(String xml, XmlLimits limits) {
        try {
            SafeXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), limits);
        } catch (XmlException e) {
            return e.reason();
        }
        throw new AssertionError("parsed");
    }

    @Test
    void parseShouldBuildTheTreeWhenTheXmlIsWellFormed() throws XmlException {
        XmlElement root = SafeXml.parse(new ByteArrayInputStream(
            "<a xmlns=\"urn:x\" id=\"1\"><b>t<![CDATA[u]]></b><b/><!-- c --></a>".getBytes(StandardCharsets.UTF_8)), LIMITS);
        assertThat(root.is("urn:x", "a")).isTrue();
        assertThat(root.attribute("id")).contains("1");
        assertThat(root.children("b")).hasSize(2);
        assertThat(root.child("b").orElseThrow().text()).isEqualTo("tu");
    }

    @Test
    void parseShouldRefuseWhenADoctypeIsPresent() {
        assertThat(reasonOf("<!DOCTYPE a SYSTEM \"http://127.0.0.1:1/a.dtd\"><a/>", LIMITS)).isEqualTo(XmlException.Reason.DOCTYPE_NOT_ALLOWED);
        assertThat(reasonOf("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>", LIMITS))
            .isEqualTo(XmlException.Reason.DOCTYPE_NOT_ALLOWED);
    }

    @Test
    void parseShouldRefuseWhenAnUndeclaredEntityIsUsed() {
        assertThat(reasonOf("<a>&e;</a>", LIMITS)).isEqualTo(XmlException.Reason.MALFORMED);
    }

    @Test
    void parseShouldRefuseWhenOverAnyLimit() {
        assertThat(reasonOf("<a>" + "x".repeat(2000) + "</a>", new XmlLimits(1000, 1000, 16, 100_000))).isEqualTo(XmlException.Reason.TOO_LARGE);
        assertThat(reasonOf("<a>" + "<b/>".repeat(20) + "</a>", new XmlLimits(1 << 20, 10, 16, 100))).isEqualTo(XmlException.Reason.TOO_LARGE);
        assertThat(reasonOf("<a>".repeat(20) + "</a>".repeat(20), new XmlLimits(1 << 20, 100, 10, 100))).isEqualTo(XmlException.Reason.TOO_LARGE);
        assertThat(reasonOf("<a>" + "y".repeat(200) + "</a>", new XmlLimits(1 << 20, 100, 10, 100))).isEqualTo(XmlException.Reason.TOO_LARGE);
        assertThat(reasonOf("<a v=\"" + "y".repeat(200) + "\"/>", new XmlLimits(1 << 20, 100, 10, 100))).isEqualTo(XmlException.Reason.TOO_LARGE);
    }

    @Test
    void parseShouldRefuseWhenMalformedOrTruncated() {
        assertThat(reasonOf("<a><b></a>", LIMITS)).isEqualTo(XmlException.Reason.MALFORMED);
        assertThat(reasonOf("<a><b>", LIMITS)).isEqualTo(XmlException.Reason.MALFORMED);
        assertThat(reasonOf("", LIMITS)).isEqualTo(XmlException.Reason.MALFORMED);
        assertThat(reasonOf("\u0000\u0001binary", LIMITS)).isEqualTo(XmlException.Reason.MALFORMED);
    }

    @Test
    void parseShouldStopEarlyWhenTheStopConditionMatches() throws XmlException {
        XmlElement root = SafeXml.parse(new ByteArrayInputStream("<a><h/><body><unclosed></a>".getBytes(StandardCharsets.UTF_8)),
            LIMITS, (depth, namespace, name) -> name.equals("body"));
        assertThat(root.children()).extracting(XmlElement::localName).containsExactly("h");
    }
}
