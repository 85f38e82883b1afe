/**
 * The invitation the user pool mails a new user (Cognito fills in `{username}` and `{####}`, the temporary
 * password), in Vietnamese with English beneath: the same text for the stack's pool and the local one.
 */
export function invitationMessage(siteUrl: string): { subject: string; body: string } {
  return {
    subject: 'Tài khoản Trao đổi đoàn công tác / Your Exchange Visits account',
    body: [
      'Kính gửi đồng chí,',
      '',
      `Đồng chí được cấp tài khoản trên hệ thống Trao đổi đoàn công tác: ${siteUrl}`,
      'Tên đăng nhập: {username}',
      'Mật khẩu tạm thời: {####}',
      'Khi đăng nhập lần đầu, đồng chí đặt mật khẩu mới và cài đặt xác thực hai bước.',
      '',
      `You have an account on Exchange Visits: ${siteUrl} — user name {username}, temporary password {####}.`,
      'Set a new password and a second factor when you first sign in.',
    ].join('<br>'),
  };
}
