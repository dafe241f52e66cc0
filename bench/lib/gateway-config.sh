# Sourced by the bench scripts (ROOT set to the repository). gateway_config DIR BASE ADDRESS: the shipped
# configuration copied to DIR/config (DIR/data made), its listeners moved from 10000 + n to BASE + n: SMTP 25, 587,
# 465, 466 and IMAP 143, 993, 994 (bound to ADDRESS), the webmail 443, the applications' HTTPS 444, WebAdmin 800 and
# JMX 999. A script changes what else it needs (the webmail's address, a node's id) in DIR/config afterwards.
gateway_config() {
    local dir=$1 base=$2 address=$3 port
    mkdir -p "$dir/data"
    cp -r "$ROOT/config" "$dir/config"
    for port in 25 587 465 466; do
        sed -i -e "s#<bind>0\.0\.0\.0:$((10000 + port))</bind>#<bind>$address:$((base + port))</bind>#" "$dir/config/smtpserver.xml"
    done
    for port in 143 993 994; do
        sed -i -e "s#<bind>0\.0\.0\.0:$((10000 + port))</bind>#<bind>$address:$((base + port))</bind>#" "$dir/config/imapserver.xml"
    done
    sed -i -e "s#^port=.*#port=$((base + 800))#" "$dir/config/webadmin.properties"
    sed -i -e "s#^jmx.port=.*#jmx.port=$((base + 999))#" "$dir/config/jmx.properties"
    sed -i -e "s#^webmail.port=.*#webmail.port=$((base + 443))#" -e "s#^applications.https.port=.*#applications.https.port=$((base + 444))#" \
        "$dir/config/gateway.properties"
}
