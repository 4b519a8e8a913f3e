/** Maintainer tools that are not part of the shipped library or command. */
package dev.iptriage.tools;
