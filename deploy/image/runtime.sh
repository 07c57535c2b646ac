#!/usr/bin/env bash
# Builds the offline base of the container image (README, "Container image"): a Java runtime made by jlink from the
# JDK that runs Maven, the C libraries it loads, copied from this machine, and the image's user, in DIR; the Maven
# profile -Pimage adds DIR to an empty (scratch) base with Jib, so no registry is needed. Linux with glibc only.
#   deploy/image/runtime.sh DIR [BASE]
# With a BASE other than scratch (one that has its own Java and C library), DIR gets only the state directory.
set -euo pipefail
out=${1:?usage: runtime.sh DIR [BASE]}
base=${2:-scratch}
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
modules=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

rm -rf "$out"
mkdir -p "$out/var/lib/fulcrum"
if [ "$base" != scratch ]; then
    exit 0
fi
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/proc"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$out/opt/java"
# the dynamic loader and every library the runtime's programs and libraries need, at the paths they are linked against;
# not those of AWT, fonts and sound (java.desktop is here for java.beans, which a headless server uses without them)
find "$out/opt/java" -type f \( -name '*.so' -o -perm -u+x \) ! -name 'libawt*' ! -name 'libjawt*' ! -name 'libfontmanager*' \
        ! -name 'libjsound*' ! -name 'libsplashscreen*' ! -name 'liblcms*' ! -name 'libjavajpeg*' ! -name 'libmlib*' -print0 \
    | xargs -0 ldd 2>/dev/null \
    | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' \
    | sort -u \
    | while read -r lib; do
        case $lib in "$out"/*) continue ;; esac # the runtime's own, found through its $ORIGIN
        mkdir -p "$out$(dirname "$lib")"
        cp -L "$lib" "$out$lib"
    done
echo 'root:x:0:0:root:/root:/sbin/nologin' > "$out/etc/passwd"
echo 'fulcrum:x:10001:10001:Fulcrum:/var/lib/fulcrum:/sbin/nologin' >> "$out/etc/passwd"
printf 'root:x:0:\nfulcrum:x:10001:\n' > "$out/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$out/etc/hosts"
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
