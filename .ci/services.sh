#!/usr/bin/env bash
# Services for the publish and browser tests: hugo, jekyll, chromium (browser tests), and a local WordPress (MariaDB + PHP built-in server)
# on 127.0.0.1 only. Idempotent. Writes $WP_DIR/credentials.json {url, user, app_password}.
# SKIP_WORDPRESS=1 installs only hugo, jekyll and chromium.
set -euo pipefail
WP_DIR=${BLOGWRIGHT_WP_DIR:-/tmp/blogwright-wp}
WP_PORT=${BLOGWRIGHT_WP_PORT:-8089}
WP_URL="http://127.0.0.1:${WP_PORT}"
export DEBIAN_FRONTEND=noninteractive

need=()
for p in hugo jekyll chromium chromium-driver; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ "${SKIP_WORDPRESS:-0}" != 1 ]; then
  for p in wordpress mariadb-server php-cli php-mysql; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
fi
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ "${SKIP_WORDPRESS:-0}" = 1 ] && exit 0

mkdir -p "$WP_DIR"
# MariaDB
if ! mysqladmin ping >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  (setsid mysqld_safe --bind-address=127.0.0.1 </dev/null >"$WP_DIR/mysqld.log" 2>&1 &)
  for _ in $(seq 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
fi
mysql -e "CREATE DATABASE IF NOT EXISTS blogwright_wp; CREATE USER IF NOT EXISTS 'bwwp'@'localhost' IDENTIFIED BY 'bwwp';
GRANT ALL ON blogwright_wp.* TO 'bwwp'@'localhost'; FLUSH PRIVILEGES;"

# Debian's wp-config.php loads /etc/wordpress/config-HOST.php (HOST without the port).
cat > /etc/wordpress/config-127.0.0.1.php <<PHP
<?php
define('DB_NAME', 'blogwright_wp'); define('DB_USER', 'bwwp'); define('DB_PASSWORD', 'bwwp');
define('DB_HOST', 'localhost'); define('WP_HOME', '$WP_URL'); define('WP_SITEURL', '$WP_URL');
define('WP_ENVIRONMENT_TYPE', 'local'); define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
\$table_prefix = 'wp_';
PHP

# PHP built-in server (router sends /wp-json/... to index.php: no mod_rewrite).
cat > "$WP_DIR/router.php" <<'PHP'
<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$file = '/usr/share/wordpress' . $path;
if ($path !== '/' && file_exists($file) && !is_dir($file)) { return false; }
if (is_dir($file) && file_exists(rtrim($file, '/') . '/index.php')) { require rtrim($file, '/') . '/index.php'; return; }
$_SERVER['SCRIPT_NAME'] = '/index.php';
require '/usr/share/wordpress/index.php';
PHP
if ! curl -fsS -o /dev/null "$WP_URL/wp-json/" 2>/dev/null; then
  (cd /usr/share/wordpress && setsid nohup php -S "127.0.0.1:${WP_PORT}" "$WP_DIR/router.php" </dev/null >"$WP_DIR/php.log" 2>&1 &)
  sleep 1
fi

# Install the site, the admin user and an application password (PHP, no wp-cli in Debian).
if [ ! -s "$WP_DIR/credentials.json" ]; then
cat > "$WP_DIR/install.php" <<PHP
<?php
\$_SERVER['HTTP_HOST'] = '127.0.0.1:$WP_PORT'; \$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (!is_blog_installed()) { wp_install('blogwright test', 'admin', 'admin@example.org', false, '', 'admin-pass-123'); }
update_option('permalink_structure', '/%postname%/');
\$u = get_user_by('login', 'admin');
list(\$pw) = WP_Application_Passwords::create_new_application_password(\$u->ID, array('name' => 'blogwright-' . time()));
file_put_contents('$WP_DIR/credentials.json', json_encode(array('url' => '$WP_URL', 'user' => 'admin', 'app_password' => \$pw)));
PHP
  (cd /usr/share/wordpress && php "$WP_DIR/install.php")
fi
curl -fsS -o /dev/null "$WP_URL/wp-json/wp/v2/posts" && echo "WordPress at $WP_URL; credentials in $WP_DIR/credentials.json"
