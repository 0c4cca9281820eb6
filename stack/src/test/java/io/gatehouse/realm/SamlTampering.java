package io.gatehouse.realm;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

/**
 * What an attacker between a SAML identity provider and Keycloak could do to a response (base64 XML, as posted by the
 * browser): strip its signatures, sign it with a key of their own, or change an attribute under the IdP's signature.
 */
final class SamlTampering {
    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";

    private SamlTampering() {
    }

    /** The response with every XML signature removed (the response's and the assertion's). */
    static String unsigned(String response) {
        Document document = parse(response);
        removeSignatures(document);
        return serialize(document);
    }

    /**
     * The response re-signed with {@code key} instead of the IdP's: the assertion, then the response, each with a
     * well-formed enveloped RSA-SHA256 signature carrying the public key, checked here to verify with that key.
     */
    static String signedBy(KeyPair key, String response) {
        Document document = parse(response);
        removeSignatures(document);
        Element assertion = (Element) document.getElementsByTagNameNS(SAML, "Assertion").item(0);
        sign(assertion, key, assertion.getElementsByTagNameNS(SAML, "Subject").item(0));
        Element root = document.getDocumentElement();
        sign(root, key, root.getElementsByTagNameNS(PROTOCOL, "Status").item(0));
        return serialize(document);
    }

    /**
     * The response whose assertion says {@code attribute} is {@code value} (the values replaced, or the attribute
     * added to its attribute statement), its signatures left as they were.
     */
    static String withAttribute(String response, String attribute, String value) {
        Document document = parse(response);
        NodeList attributes = document.getElementsByTagNameNS(SAML, "Attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element element = (Element) attributes.item(i);
            if (attribute.equals(element.getAttribute("Name"))) {
                element.getParentNode().removeChild(element);
            }
        }
        Element statement = (Element) document.getElementsByTagNameNS(SAML, "AttributeStatement").item(0);
        Element added = document.createElementNS(SAML, "saml:Attribute");
        added.setAttribute("Name", attribute);
        added.setAttribute("NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:basic");
        Element text = document.createElementNS(SAML, "saml:AttributeValue");
        text.setTextContent(value);
        added.appendChild(text);
        statement.appendChild(added);
        return serialize(document);
    }

    static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sign(Element signed, KeyPair key, org.w3c.dom.Node before) {
        try {
            String id = signed.getAttribute("ID");
            signed.setIdAttribute("ID", true);
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            Reference reference = factory.newReference("#" + id, factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)), null, null);
            SignedInfo info = factory.newSignedInfo(factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(reference));
            KeyInfoFactory keys = factory.getKeyInfoFactory();
            XMLSignature signature = factory.newXMLSignature(info, keys.newKeyInfo(List.of(keys.newKeyValue(key.getPublic()))));
            // The schema puts the signature right after the Issuer: before the Subject (assertion) or the Status (response).
            signature.sign(new DOMSignContext(key.getPrivate(), signed, before));
            Element written = (Element) signed.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").item(0);
            if (!factory.unmarshalXMLSignature(new DOMValidateContext(key.getPublic(), written)).validate(new DOMValidateContext(key.getPublic(), written))) {
                throw new IllegalStateException("the test's own signature does not verify");
            }
        } catch (Exception e) {
            throw new IllegalStateException("signing the " + signed.getLocalName() + " failed", e);
        }
    }

    private static void removeSignatures(Document document) {
        NodeList signatures = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        while (signatures.getLength() > 0) {
            signatures.item(0).getParentNode().removeChild(signatures.item(0));
        }
    }

    private static Document parse(String response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            String xml = new String(Base64.getMimeDecoder().decode(response), StandardCharsets.UTF_8);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("not a SAML response", e);
        }
    }

    private static String serialize(Document document) {
        try {
            StringWriter xml = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(xml));
            return Base64.getEncoder().encodeToString(xml.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
