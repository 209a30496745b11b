<#--
  Someone asked to reset the password of this address's account. Model: name, link (the one-use reset link).
-->
Hello ${name},

Someone asked to reset the password for your network hub account. If it was you, choose a new password here:

${link}

The link works once, for 1 hour. Choosing a new password signs you out on every device.

If it was not you, you can ignore this email: your password has not changed.
