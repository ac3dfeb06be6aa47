const axios = require('axios');

const headers = {
  'Authorization': 'Bearer check-examples-token'
};

// Check progress for batch process
axios.get('http://127.0.0.1:8080/batch_progress', {
  params: {
    tracking_id: '0x3b408d0583992b85f049048189ae6242c959d44651e697d288837b2f376c7cf0'
  },
  headers: headers
})
  .then(response => {
    const progress = response.data;
    console.log(`Overall Progress: ${progress.overall_progress}%`);
    console.log(`Stage: ${progress.stage}/${progress.n_stages}`);
    console.log(`Complete: ${progress.complete}`);
    console.log(`Failed: ${progress.failed}`);
  })
  .catch(error => {
    console.error('Error checking progress:', error);
  });
