/**
 * IHE XDM packages ({@code IHE_XDM.ZIP}): {@link org.santegateway.xdm.XdmPackageReader} reads one in
 * a single streaming pass under mandatory {@link org.santegateway.xdm.XdmLimits}, parses the XDS
 * metadata ({@link org.santegateway.xdm.XdsMetadataParser}), verifies each document's declared size
 * and SHA-1, its type and (for {@code text/xml}) its CDA header, and yields each document accepted
 * or refused; {@link org.santegateway.xdm.MssHeaders} computes {@code X-MSS-CODECDA} and
 * {@code X-MSS-INS} for an outgoing message from the packages it carries.
 */
package org.santegateway.xdm;
